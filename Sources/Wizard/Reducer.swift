import Foundation
import SubscriptionStore
import Subscriptions

/// The one place the wizard changes: applies `action` to `state` and returns the work to
/// do next, as data. Pure: no store, no clock, no terminal.
public func reduce(_ state: inout State, _ action: Action) -> [Effect] {
  Reducer.reduce(&state, action)
}

/// The reducer, split by concern over `Reducer+*.swift`.
enum Reducer {
  static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
    // A note lasts until the next thing the person does.
    if action.isInput { state.notice = nil }
    switch action {
    case .started(let now):
      state.now = now
      return [.loadPlans, .countDevices(.overview, filter: state.overview.list.filter), .scanGateway]
    case .clockTicked(let now):
      // What is on screen is computed from `now` by the renderer; a Confirm table keeps the
      // instant it was prepared at (`confirm.now`), and the store checks its dates anyway.
      state.now = now
      return []
    case .resized(let size):
      state.size = size
      return reclampLists(&state)
    case .interrupted:
      return [.quit]
    case .quitPressed:
      return state.screen == .overview && !state.gateway.confirming ? [.quit] : []
    case .helpToggled:
      state.showingHelp.toggle()
      return []
    case .activatePressed:
      guard state.screen == .overview, !state.gateway.confirming else { return [] }
      state.overview.list.editingFilter = false
      // What an add from the gateway came to has been seen; the line gives its row back.
      state.gateway.outcome = nil
      state.screen = .activateCode
      state.activate.focus = .content
      return []
    case .backPressed:
      return back(&state, leavingFieldFirst: true)
    case .buttonPressed(let button):
      return press(button, &state)
    case .submitted:
      return submit(&state)
    case .focusMoved(let forward):
      moveFocus(&state, forward: forward)
      return []
    case .moved(let move):
      return moved(move, &state)
    case .deviceToggled(let serial):
      return toggleDevice(serial, &state)
    case .filterOpened:
      return openFilter(&state)
    case .filterEdited(let id, let text):
      return editFilter(id, text, &state)
    case .codeEdited(let line, let text):
      editCode(line: line, text: text, &state)
      return []
    case .rowPointed(let id, let index):
      return pointRow(id, index, &state)
    case .planChosen(let id):
      return chosePlan(id, &state)
    case .pasted(let text):
      return paste(text, &state)
    case .pressedTooEarly:
      state.notice = .pressedTooEarly
      return []
    case .gatewayAddOpened:
      return openGatewayAdd(&state)
    case .gatewayAddConfirmed:
      return confirmGatewayAdd(&state)
    case .gatewayFilterToggled:
      return toggleGatewayFilter(&state)

    case .plansLoaded(let plans):
      return plansLoaded(plans, &state)
    case .devicesCounted(let id, let filter, let count):
      return devicesCounted(id, filter: filter, count: count, &state)
    case .devicesLoaded(let id, let filter, let offset, let rows, let endsTheList):
      devicesLoaded(
        id, filter: filter, offset: offset, rows: rows, endsTheList: endsTheList, &state)
      return []
    case .codeActivated(let line, let plan):
      return codeActivated(line: line, plan, &state)
    case .codeRefused(let line, let error):
      return codeRefused(line: line, error, &state)
    case .confirmPrepared(let now, let licenses):
      confirmPrepared(now: now, licenses: licenses, &state)
      return []
    case .committed(let licenses):
      return committed(licenses, &state)
    case .commitRefused(let error):
      commitRefused(error, &state)
      return []
    case .loadFailed(let error):
      state.loadError = error
      return []
    case .gatewayScanned(let scan):
      return gatewayScanned(scan, &state)
    case .gatewayDevicesRead(let rows):
      return gatewayDevicesRead(rows, &state)
    case .gatewayDevicesAdded(let devices):
      return gatewayDevicesAdded(devices, &state)
    case .gatewayAddRefused(let error):
      return gatewayAddRefused(error, &state)
    }
  }

  // MARK: - Navigation

  /// Esc, or the Back button (which has no filter field to leave).
  static func back(_ state: inout State, leavingFieldFirst: Bool) -> [Effect] {
    if leavingFieldFirst, let id = state.screen.listID, state[list: id].editingFilter {
      state[list: id].editingFilter = false
      return []
    }
    switch state.screen {
    case .overview:
      closeGatewayAdd(&state)
      return []
    case .activateCode:
      state.screen = .overview
      // The gateway's line may have gone (its news seen): the list takes the row back.
      return windowEffects(.overview, &state)
    case .activatedPlans:
      state.screen = .activateCode
      state.activate.focus = .content
    case .assignToDevice:
      state.screen = .activatedPlans
      state.choosePlan.focus = .content
      state.assign.message = nil
    case .confirm:
      state.screen = .assignToDevice
      state.assign.focus = .content
      state.confirm = ConfirmState()
      return windowEffects(.assign, &state)
    case .success:
      return finish(&state)
    }
    return []
  }

  static func press(_ button: Button, _ state: inout State) -> [Effect] {
    switch button {
    case .back: return back(&state, leavingFieldFirst: false)
    case .next: return next(&state)
    case .confirm: return confirm(&state)
    case .cancel: return cancel(&state)
    case .continue: return continueAssigning(&state)
    case .overview: return finish(&state)
    }
  }

  /// Enter in a text field or list: the filter field closes, otherwise the screen's default.
  static func submit(_ state: inout State) -> [Effect] {
    if let id = state.screen.listID, state[list: id].editingFilter {
      state[list: id].editingFilter = false
      return []
    }
    switch state.screen {
    case .overview: return []
    case .confirm: return confirm(&state)
    case .success: return press(state.success.focus.button ?? .overview, &state)
    default: return next(&state)
    }
  }

  static func next(_ state: inout State) -> [Effect] {
    switch state.screen {
    case .activateCode: return submitCodes(&state)
    case .activatedPlans: return choosePlan(&state)
    case .assignToDevice: return assignNext(&state)
    default: return []
    }
  }

  /// Cancel: drop the dialogs' work and return to the Overview without writing anything.
  static func cancel(_ state: inout State) -> [Effect] {
    resetWizard(&state)
    state.screen = .overview
    return windowEffects(.overview, &state)
  }

  /// Back to the Overview after Success: the dialogs start afresh next time.
  static func finish(_ state: inout State) -> [Effect] {
    resetWizard(&state)
    state.screen = .overview
    return windowEffects(.overview, &state)
  }

  static func resetWizard(_ state: inout State) {
    state.activate = ActivateState()
    state.choosePlan = ChoosePlanState()
    state.assign = AssignState()
    state.confirm = ConfirmState()
    state.success = SuccessState()
  }

  static func moveFocus(_ state: inout State, forward: Bool) {
    let ring = focusRing(state)
    guard !ring.isEmpty else { return }
    let current = ring.firstIndex(of: state.focus) ?? 0
    let next = (current + (forward ? 1 : ring.count - 1)) % ring.count
    state.focus = ring[next]
    if let id = state.screen.listID { state[list: id].editingFilter = false }
  }

  /// Tab order: the content (if the screen has one to type or move in), then the buttons.
  static func focusRing(_ state: State) -> [DialogFocus] {
    let buttons = state.buttons.map(DialogFocus.button)
    switch state.screen {
    case .overview: return []
    case .activateCode, .activatedPlans, .assignToDevice: return [.content] + buttons
    case .confirm, .success: return buttons
    }
  }

  static func moved(_ move: Move, _ state: inout State) -> [Effect] {
    switch state.screen {
    case .overview:
      return moveList(.overview, move, &state)
    case .activateCode:
      moveCodeLine(move, &state)
      return []
    case .activatedPlans:
      movePlanPointer(move, &state)
      return []
    case .assignToDevice:
      return moveList(.assign, move, &state)
    case .confirm:
      switch move {
      case .up, .pageUp, .home: state.confirm.top = max(0, state.confirm.top - 1)
      case .down, .pageDown, .end:
        state.confirm.top = min(max(0, state.confirm.rows.count - 1), state.confirm.top + 1)
      }
      return []
    case .success:
      return []
    }
  }
}

extension Screen {
  /// The device list this screen shows, if any.
  var listID: ListID? {
    switch self {
    case .overview: .overview
    case .assignToDevice: .assign
    default: nil
    }
  }
}

extension DialogFocus {
  var button: Button? {
    if case .button(let button) = self { return button }
    return nil
  }
}

extension State {
  /// The device list `id`.
  public subscript(list id: ListID) -> DeviceList {
    get { id == .overview ? overview.list : assign.list }
    set {
      if id == .overview { overview.list = newValue } else { assign.list = newValue }
    }
  }

  /// The focus of the current dialog.
  public var focus: DialogFocus {
    get {
      switch screen {
      case .overview: .content
      case .activateCode: activate.focus
      case .activatedPlans: choosePlan.focus
      case .assignToDevice: assign.focus
      case .confirm: confirm.focus
      case .success: success.focus
      }
    }
    set {
      switch screen {
      case .overview: break
      case .activateCode: activate.focus = newValue
      case .activatedPlans: choosePlan.focus = newValue
      case .assignToDevice: assign.focus = newValue
      case .confirm: confirm.focus = newValue
      case .success: success.focus = newValue
      }
    }
  }

  /// The buttons of the current dialog, left to right. Success offers Continue only while
  /// some activated plan has seats left.
  public var buttons: [Button] {
    if screen == .success && plansWithSeatsLeft.isEmpty { return [.overview] }
    return screen.buttons
  }

  /// Whether typed characters go into a text field (a code line or a filter).
  public var isTyping: Bool {
    switch screen {
    case .activateCode: activate.focus == .content
    case .overview: overview.list.editingFilter
    case .assignToDevice: assign.list.editingFilter && assign.focus == .content
    default: false
    }
  }
}
