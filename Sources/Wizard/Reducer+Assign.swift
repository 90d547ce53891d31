import Foundation
import SubscriptionStore
import Subscriptions

// MARK: - Your activated plans, Assign to device, Confirm, Success

extension Reducer {
  static func plansLoaded(_ plans: [ActivatedPlan], _ state: inout State) -> [Effect] {
    state.plans = plans
    state.loadError = nil
    if let current = state.assign.plan, let fresh = plans.first(where: { $0.id == current.id }) {
      state.assign.plan = fresh
    }
    pointAtAvailablePlan(&state)
    // Continue is offered only while seats are left; another technician may have taken them.
    if state.screen == .success, state.plansWithSeatsLeft.isEmpty {
      state.success.focus = .button(.overview)
    }
    // The Overview's plan section may have grown or shrunk, and with it the device window.
    return windowEffects(.overview, &state)
  }

  /// Keeps the pointer on a plan that still has seats (the first one otherwise).
  static func pointAtAvailablePlan(_ state: inout State) {
    let available = state.plansWithSeatsLeft
    if let id = state.choosePlan.pointedPlanID, available.contains(where: { $0.id == id }) {
      return
    }
    state.choosePlan.pointedPlanID = available.first?.id
  }

  static func movePlanPointer(_ move: Move, _ state: inout State) {
    let available = state.plansWithSeatsLeft
    guard !available.isEmpty else { return }
    let current = available.firstIndex { $0.id == state.choosePlan.pointedPlanID } ?? 0
    let page = Layout.planListRows(state.size)
    let target: Int
    switch move {
    case .up: target = current - 1
    case .down: target = current + 1
    case .pageUp: target = current - page
    case .pageDown: target = current + page
    case .home: target = 0
    case .end: target = available.count - 1
    }
    state.choosePlan.pointedPlanID = available[max(0, min(target, available.count - 1))].id
    state.choosePlan.message = nil
  }

  /// Plan `id` chosen on Your activated plans: point at it and go on as Next would.
  static func chosePlan(_ id: Int64, _ state: inout State) -> [Effect] {
    guard state.screen == .activatedPlans,
      state.plansWithSeatsLeft.contains(where: { $0.id == id })
    else { return [] }
    state.choosePlan.pointedPlanID = id
    return choosePlan(&state)
  }

  /// Next on Your activated plans: assign the pointed plan. The same plan again keeps the
  /// devices chosen before (Esc never loses a selection); another plan starts afresh.
  static func choosePlan(_ state: inout State) -> [Effect] {
    guard let id = state.choosePlan.pointedPlanID,
      let plan = state.plansWithSeatsLeft.first(where: { $0.id == id })
    else {
      state.choosePlan.message = .noPlanWithSeatsLeft
      return []
    }
    if state.assign.plan?.id != plan.id {
      state.assign = AssignState()
    }
    state.assign.plan = plan
    state.assign.focus = .content
    state.assign.message = nil
    state.screen = .assignToDevice
    // Read the window again: projections depend on licenses that may have changed.
    if state.assign.onGateway { return readGateway(state) }
    state.assign.list.forgetRows()
    return [.countDevices(.assign, filter: state.assign.list.filter)]
  }

  /// Selects or unselects device `serial`: one of the loaded rows, or one already chosen.
  static func toggleDevice(_ serial: String, _ state: inout State) -> [Effect] {
    guard state.screen == .assignToDevice, let plan = state.assign.plan else { return [] }
    let device =
      state.assign.selected.first { $0.serial == serial }
      ?? state.assign.list.rows.first { $0.device.serial == serial }?.device
    guard let device else { return [] }
    state.assign.list.editingFilter = false
    state.assign.focus = .content
    if state.assign.isSelected(serial) {
      state.assign.selected.removeAll { $0.serial == serial }
      state.assign.message = nil
    } else if state.assign.selected.count >= plan.seatsLeft {
      state.assign.message = .allSeatsChosen(seatsLeft: plan.seatsLeft)
    } else {
      state.assign.selected.append(device)
      state.assign.message = nil
    }
    return []
  }

  static func assignNext(_ state: inout State) -> [Effect] {
    guard let plan = state.assign.plan else { return [] }
    if state.assign.selected.isEmpty {
      state.assign.message = .noDeviceChosen
      return []
    }
    if state.assign.selected.count > plan.seatsLeft {
      state.assign.message = .allSeatsChosen(seatsLeft: plan.seatsLeft)
      return []
    }
    return [.prepareConfirm(serials: state.assign.selected.map(\.serial))]
  }

  /// The Confirm table: each chosen device's projection with the plan, at `now`.
  static func confirmPrepared(now: Date, licenses: [String: [License]], _ state: inout State) {
    guard let plan = state.assign.plan else { return }
    state.now = now
    state.confirm = ConfirmState()
    state.confirm.now = now
    state.confirm.rows = state.assign.selected.map { device in
      let held = licenses[device.serial] ?? []
      let projection = StartRule.project(
        licenses: held, now: now, tier: plan.plan.tier, termMonths: plan.plan.termMonths)
      return ConfirmRow(
        device: device, projection: projection,
        underneath: projection.kind == .upgrade
          ? underneath(held, now: now, below: plan.plan.tier) : nil)
    }
    state.screen = .confirm
  }

  /// After an upgrade, the lower-tier license that keeps running longest.
  static func underneath(_ licenses: [License], now: Date, below tier: Tier) -> License? {
    licenses.filter { $0.tier < tier && $0.end > now }.max { $0.end < $1.end }
  }

  static func confirm(_ state: inout State) -> [Effect] {
    guard state.screen == .confirm, let plan = state.assign.plan, !state.confirm.rows.isEmpty,
      !state.confirm.committing
    else { return [] }
    // One confirm at a time: a second Enter while the store writes does nothing.
    state.confirm.committing = true
    var expected: [String: Projection] = [:]
    for row in state.confirm.rows { expected[row.device.serial] = row.projection }
    return [
      .commit(
        planID: plan.id, serials: state.confirm.rows.map(\.device.serial), expected: expected)
    ]
  }

  static func committed(_ licenses: [License], _ state: inout State) -> [Effect] {
    guard var plan = state.assign.plan else { return [] }
    plan.seatsLeft = max(0, plan.seatsLeft - licenses.count)
    plan.assignedDevices = Array(
      (plan.assignedDevices + licenses.map(\.device)).prefix(ActivatedPlan.devicesNamed))
    let devices = Dictionary(
      state.confirm.rows.map { ($0.device.serial, $0.device) }, uniquingKeysWith: { a, _ in a })
    state.success = SuccessState()
    state.success.plan = plan
    state.success.assigned = licenses.map {
      SuccessState.Assigned(device: devices[$0.device] ?? Device(serial: $0.device, name: ""),
                            license: $0)
    }
    if let index = state.plans.firstIndex(where: { $0.id == plan.id }) {
      state.plans[index] = plan
    }
    state.success.focus = .button(state.plansWithSeatsLeft.isEmpty ? .overview : .continue)
    state.assign = AssignState()
    state.confirm = ConfirmState()
    state.screen = .success
    // Tiers and dates changed: the Overview reads its window again once the plans are in
    // (their number decides how many rows it shows). The device count has not changed.
    state.overview.list.forgetRows()
    return [.loadPlans]
  }

  static func commitRefused(_ error: StoreError, _ state: inout State) {
    state.confirm.committing = false
    switch error {
    case .datesChanged(let fresh):
      state.confirm.rows = state.confirm.rows.map { row in
        guard let projection = fresh[row.device.serial] else { return row }
        var row = row
        row.changed = projection != row.projection
        row.projection = projection
        if projection.kind != .upgrade { row.underneath = nil }
        return row
      }
      state.confirm.datesChanged = true
      state.confirm.error = nil
      state.confirm.focus = .button(.confirm)
    case .notEnoughSeats(_, _, let seatsLeft, _, _):
      state.confirm.error = error
      state.confirm.focus = .button(.back)
      if var plan = state.assign.plan {
        plan.seatsLeft = seatsLeft
        state.assign.plan = plan
        if let index = state.plans.firstIndex(where: { $0.id == plan.id }) {
          state.plans[index].seatsLeft = seatsLeft
        }
      }
    default:
      state.confirm.error = error
    }
  }

  /// Continue after Success: back to Your activated plans for the seats still left.
  static func continueAssigning(_ state: inout State) -> [Effect] {
    guard state.screen == .success, !state.plansWithSeatsLeft.isEmpty else { return [] }
    let planID = state.success.plan?.id
    state.success = SuccessState()
    state.activate = ActivateState()
    return showPlans(pointing: planID, &state)
  }
}
