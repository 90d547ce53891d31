/// Key → Action: the second of the two pure key tables (curses → `Key` is the terminal's).
///
/// The meaning of a key depends only on the screen, the focus and whether a text field has
/// the keyboard: DESIGN §3 is the contract.
public enum KeyMap {
  /// What `key` means in `state`, or `nil` when it means nothing there.
  public static func action(for key: Key, in state: State) -> Action? {
    if key == .interrupt { return .interrupted }
    // Any key closes the help; it never reaches the screen underneath.
    if state.showingHelp { return .helpToggled }
    if key == .help { return .helpToggled }
    if state.isTyping { return typing(key, in: state) }
    if state.screen == .overview && state.gateway.confirming { return confirmingAdd(key) }
    switch key {
    case .up: return .moved(.up)
    case .down: return .moved(.down)
    case .pageUp: return .moved(.pageUp)
    case .pageDown: return .moved(.pageDown)
    case .home: return .moved(.home)
    case .end: return .moved(.end)
    case .tab: return .focusMoved(forward: true)
    case .backTab: return .focusMoved(forward: false)
    case .escape: return .backPressed
    case .character("?"): return .helpToggled
    default: break
    }
    return state.screen == .overview ? overview(key, in: state) : dialog(key, in: state)
  }

  /// What a paste means: always `.pasted` (text, never keys); the reducer decides where the
  /// text goes or notes that it was set aside.
  public static func action(forPaste text: String, in state: State) -> Action? {
    text.isEmpty ? nil : .pasted(text)
  }

  static func overview(_ key: Key, in state: State) -> Action? {
    switch key {
    case .character("a"), .character("A"): .activatePressed
    case .character("q"), .character("Q"): .quitPressed
    case .character("/"): .filterOpened
    case .character("g"), .character("G"):
      state.gateway.newUnits.isEmpty ? nil : .gatewayAddOpened
    default: nil
    }
  }

  /// On the confirmation of adding the gateway's units: Enter adds, Esc does not.
  static func confirmingAdd(_ key: Key) -> Action? {
    switch key {
    case .enter: .gatewayAddConfirmed
    case .escape: .backPressed
    case .character("?"): .helpToggled
    default: nil
    }
  }

  static func dialog(_ key: Key, in state: State) -> Action? {
    let button = state.focus.button
    switch key {
    case .enter:
      if let button { return .buttonPressed(button) }
      // Enter on Your activated plans assigns the plan under the pointer.
      if state.screen == .activatedPlans, let id = state.choosePlan.pointedPlanID {
        return .planChosen(id: id)
      }
      return .submitted
    case .space:
      if let button { return .buttonPressed(button) }
      guard state.screen == .assignToDevice, let row = state.assign.list.current else {
        return nil
      }
      return .deviceToggled(serial: row.device.serial)
    case .character("/"): return state.screen == .assignToDevice ? .filterOpened : nil
    case .character("g"), .character("G"):
      return state.screen == .assignToDevice && state.gateway.hasUnits ? .gatewayFilterToggled : nil
    default: return nil
    }
  }

  /// In a code line or a filter field, characters are text: the field's new text.
  static func typing(_ key: Key, in state: State) -> Action? {
    switch key {
    case .character("?") where state.screen == .activateCode: .helpToggled
    case .character(let character): edited(in: state) { $0.append(character) }
    case .space: edited(in: state) { $0.append(" ") }
    case .backspace, .delete: edited(in: state) { if !$0.isEmpty { $0.removeLast() } }
    case .enter: .submitted
    case .escape: .backPressed
    case .tab: .focusMoved(forward: true)
    case .backTab: .focusMoved(forward: false)
    case .up: .moved(.up)
    case .down: .moved(.down)
    case .pageUp: .moved(.pageUp)
    case .pageDown: .moved(.pageDown)
    case .home: .moved(.home)
    case .end: .moved(.end)
    case .left, .right, .help, .interrupt, .redraw: nil
    }
  }

  /// The focused field's text changed by `change`, as an intent (`nil` when unchanged).
  static func edited(in state: State, _ change: (inout String) -> Void) -> Action? {
    if state.screen == .activateCode {
      let line = state.activate.focusedLine
      var text = state.activate.lines[line].text
      let before = text
      change(&text)
      return text == before ? nil : .codeEdited(line: line, text: text)
    }
    guard let id = state.screen.listID else { return nil }
    var text = state[list: id].filter
    let before = text
    change(&text)
    return text == before ? nil : .filterEdited(id, text: text)
  }
}
