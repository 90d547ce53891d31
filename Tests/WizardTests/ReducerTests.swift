import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// The reducer, step by step: every step states the whole state change and every effect.
@Suite("Reducer")
struct ReducerTests {
  typealias F = Fixture
  /// Device rows on screen at 80×24: the Overview with no plan, with one plan; Assign.
  static let overviewRows = 16
  static let overviewRowsWithOnePlan = 15
  static let assignRows = 14

  /// Types `text` into the focused code line, one step per character.
  static func type(_ text: String, line: Int, into harness: inout Harness,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let before = harness.state.activate.lines[line].text
    for index in text.indices {
      let typed = before + String(text[...index])
      harness.send(.codeEdited(line: line, text: typed), sourceLocation: sourceLocation) {
        $0.activate.lines[line].text = typed
      }
    }
  }

  /// Runs actions without checking each step: to reach a screen for the tests that start there.
  static func reached(_ actions: [Action], from state: State = F.overview) -> State {
    var state = state
    for action in actions { _ = reduce(&state, action) }
    return state
  }

  static let toPlans: [Action] = [
    .activatePressed,
    .codeEdited(line: 0, text: F.codes[0].canonical),
  ] + [
    .submitted, .codeActivated(line: 0, F.advancedPlan), .plansLoaded([F.advancedPlan]),
  ]
  static let toAssign: [Action] = toPlans + [
    .submitted, .devicesCounted(.assign, filter: "", count: 3),
    .devicesLoaded(.assign, filter: "", offset: 0, rows: F.rows),
  ]
  static let toConfirm: [Action] = toAssign + [
    .deviceToggled(serial: F.basic.serial), .moved(.down), .deviceToggled(serial: F.standard.serial), .submitted,
    .confirmPrepared(now: F.now, licenses: F.licenses),
  ]

  static let confirmRows = [
    ConfirmRow(device: F.basic, projection: Projection(start: F.now, end: F.months(12), kind: .new)),
    ConfirmRow(
      device: F.standard, projection: Projection(start: F.now, end: F.months(12), kind: .upgrade),
      underneath: F.standardLicense),
  ]
  static var expected: [String: Projection] {
    [F.basic.serial: confirmRows[0].projection, F.standard.serial: confirmRows[1].projection]
  }

  @Test func happyPathFromOverviewToSuccessAndBack() {
    var h = Harness(State(now: Date(timeIntervalSince1970: 0)))
    h.send(.started(now: F.now), effects: [.loadPlans, .countDevices(.overview, filter: ""), .scanGateway]) {
      $0.now = F.now
    }
    h.send(.plansLoaded([]))
    h.send(
      .devicesCounted(.overview, filter: "", count: 3),
      effects: [.loadDevices(.overview, filter: "", offset: 0, window: .first(limit: Self.overviewRows))]
    ) { $0.overview.list.count = 3 }
    h.send(.devicesLoaded(.overview, filter: "", offset: 0, rows: F.rows)) {
      $0.overview.list.rows = F.rows
    }
    h.send(.activatePressed) { $0.screen = .activateCode }
    Self.type(F.codes[0].canonical, line: 0, into: &h)
    h.send(.submitted, effects: [.activate(line: 0, code: F.codes[0])])
    h.send(.codeActivated(line: 0, F.advancedPlan), effects: [.loadPlans]) {
      $0.activate.lines[0].lookup = .activated(F.advancedPlan)
      $0.plans = [F.advancedPlan]
      $0.screen = .activatedPlans
      $0.choosePlan.pointedPlanID = F.advancedPlan.id
    }
    h.send(.plansLoaded([F.advancedPlan]))
    h.send(.submitted, effects: [.countDevices(.assign, filter: "")]) {
      $0.screen = .assignToDevice
      $0.assign.plan = F.advancedPlan
    }
    h.send(
      .devicesCounted(.assign, filter: "", count: 3),
      effects: [.loadDevices(.assign, filter: "", offset: 0, window: .first(limit: Self.assignRows))]
    ) { $0.assign.list.count = 3 }
    h.send(.devicesLoaded(.assign, filter: "", offset: 0, rows: F.rows)) {
      $0.assign.list.rows = F.rows
    }
    h.send(.deviceToggled(serial: F.basic.serial)) { $0.assign.selected = [F.basic] }
    h.send(.moved(.down)) { $0.assign.list.cursor = 1 }
    h.send(.deviceToggled(serial: F.standard.serial)) { $0.assign.selected = [F.basic, F.standard] }
    h.send(.submitted, effects: [.prepareConfirm(serials: [F.basic.serial, F.standard.serial])])
    h.send(.confirmPrepared(now: F.now, licenses: F.licenses)) {
      $0.screen = .confirm
      $0.confirm.now = F.now
      $0.confirm.rows = Self.confirmRows
    }
    h.send(
      .buttonPressed(.confirm),
      effects: [
        .commit(
          planID: 1, serials: [F.basic.serial, F.standard.serial], expected: Self.expected)
      ]) { $0.confirm.committing = true }
    let written = Self.confirmRows.map {
      License(device: $0.device.serial, tier: .advanced, kind: $0.projection.kind,
              start: $0.projection.start, end: $0.projection.end, maskedCode: F.codes[0].masked)
    }
    var spent = F.advancedPlan
    spent.seatsLeft = 0
    spent.assignedDevices = [F.basic.serial, F.standard.serial]
    h.send(.committed(written), effects: [.loadPlans]) {
      $0.screen = .success
      $0.plans = [spent]
      $0.success.plan = spent
      $0.success.assigned = [
        .init(device: F.basic, license: written[0]), .init(device: F.standard, license: written[1]),
      ]
      $0.success.focus = .button(.overview)
      $0.assign = AssignState()
      $0.confirm = ConfirmState()
      $0.overview.list.rows = []
      $0.overview.list.reloadAnchor = RowAnchor(index: 0, key: DeviceKey(F.rows[0].device))
    }
    h.send(
      .plansLoaded([spent]),
      effects: [.loadDevices(.overview, filter: "", offset: 0, window: .first(limit: Self.overviewRows))]
    ) { $0.choosePlan.pointedPlanID = nil }
    h.send(.devicesLoaded(.overview, filter: "", offset: 0, rows: F.rows)) {
      $0.overview.list.rows = F.rows
      $0.overview.list.reloadAnchor = nil
    }
    h.send(.buttonPressed(.overview)) {
      $0.screen = .overview
      $0.activate = ActivateState()
      $0.choosePlan = ChoosePlanState()
      $0.success = SuccessState()
    }
    h.send(.quitPressed, effects: [.quit])
  }

  @Test func backFromEveryScreenKeepsWhatWasTyped() {
    var h = Harness(Self.reached(Self.toConfirm))
    #expect(h.state.screen == .confirm)
    // Confirm → Assign: the selection and the pointer are kept; the rows are still loaded.
    h.send(.backPressed) {
      $0.screen = .assignToDevice
      $0.confirm = ConfirmState()
    }
    // Assign → Your activated plans.
    h.send(.backPressed) { $0.screen = .activatedPlans }
    // Your activated plans → Activate Code, the code still in its line.
    h.send(.backPressed) { $0.screen = .activateCode }
    #expect(h.state.activate.lines[0].text == F.codes[0].canonical)
    // Activate Code → Overview.
    h.send(.backPressed) { $0.screen = .overview }
    // On the Overview Esc does nothing.
    h.send(.backPressed)
    // Forward again: the same plan keeps its selection.
    h.send(.activatePressed) { $0.screen = .activateCode }
    h.send(.submitted, effects: [.loadPlans]) { $0.screen = .activatedPlans }
    h.send(.submitted, effects: [.countDevices(.assign, filter: "")]) {
      $0.screen = .assignToDevice
      $0.assign.list.rows = []
      $0.assign.list.reloadAnchor = RowAnchor(index: 0, key: DeviceKey(F.rows[0].device))
    }
    #expect(h.state.assign.selected == [F.basic, F.standard])
  }

  @Test func backFromSuccessGoesToTheOverview() {
    var state = Self.reached(Self.toConfirm + [.buttonPressed(.confirm)])
    let written = [
      License(device: F.basic.serial, tier: .advanced, kind: .new, start: F.now,
              end: F.months(12), maskedCode: F.codes[0].masked)
    ]
    _ = reduce(&state, .committed(written))
    _ = reduce(&state, .devicesLoaded(.overview, filter: "", offset: 0, rows: F.rows))
    var h = Harness(state)
    h.send(.backPressed) {
      $0.screen = .overview
      $0.activate = ActivateState()
      $0.choosePlan = ChoosePlanState()
      $0.success = SuccessState()
    }
  }

  @Test func escapeLeavesTheFilterFieldBeforeTheScreen() {
    var h = Harness(Self.reached(Self.toAssign))
    h.send(.filterOpened) { $0.assign.list.editingFilter = true }
    h.send(
      .filterEdited(.assign, text: "a"),
      effects: [
        .loadDevices(.assign, filter: "a", offset: 0, window: .first(limit: 14)),
        .countDevices(.assign, filter: "a"),
      ]
    ) {
      $0.assign.list.filter = "a"
      $0.assign.list.rows = []
      $0.assign.list.count = 0
      $0.assign.list.counting = true
    }
    h.send(.backPressed) { $0.assign.list.editingFilter = false }
    h.send(.backPressed) { $0.screen = .activatedPlans }
  }

  @Test func cancelDropsTheDialogsWithoutWriting() {
    var h = Harness(Self.reached(Self.toAssign + [.deviceToggled(serial: F.basic.serial)]))
    h.send(.buttonPressed(.cancel)) {
      $0.screen = .overview
      $0.activate = ActivateState()
      $0.choosePlan = ChoosePlanState()
      $0.assign = AssignState()
    }
  }

  static let dialogs: [(Screen, [Action])] = [
    (.activateCode, [.activatePressed, .codeEdited(line: 0, text: "X")]), (.activatedPlans, toPlans),
    (.assignToDevice, toAssign + [.deviceToggled(serial: F.basic.serial)]), (.confirm, toConfirm),
  ]

  @Test(arguments: dialogs)
  func cancelFromEveryDialogReturnsToTheOverviewAfresh(_ screen: Screen, _ actions: [Action]) {
    var h = Harness(Self.reached(actions))
    #expect(h.state.screen == screen)
    h.send(.buttonPressed(.cancel)) {
      $0.screen = .overview
      $0.activate = ActivateState()
      $0.choosePlan = ChoosePlanState()
      $0.assign = AssignState()
      $0.confirm = ConfirmState()
    }
  }

  @Test func interruptQuitsFromAnyScreenWithoutWriting() {
    for actions in [[], Self.toPlans, Self.toAssign, Self.toConfirm] {
      var h = Harness(Self.reached(actions))
      h.send(.interrupted, effects: [.quit])
    }
  }

  @Test func aBadCodeThenAGoodOne() {
    var h = Harness(Self.reached([.activatePressed]))
    let good = F.codes[0].canonical
    let typo = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
    Self.type(typo, line: 0, into: &h)
    h.send(.submitted) {
      $0.activate.lines[0].lookup = .refused(.badCode(.checkMismatch))
    }
    h.send(.codeEdited(line: 0, text: String(typo.dropLast()))) {
      $0.activate.lines[0].text = String(typo.dropLast())
      $0.activate.lines[0].lookup = nil
    }
    Self.type(String(good.last ?? "0"), line: 0, into: &h)
    // Well-formed, but the store has never issued it.
    h.send(.submitted, effects: [.activate(line: 0, code: F.codes[0])])
    let unknown = StoreError.unknownCode(masked: F.codes[0].masked)
    h.send(.codeRefused(line: 0, unknown)) {
      $0.activate.lines[0].lookup = .refused(.store(unknown))
    }
    // Issued after all (the reseller fixed it): Next again looks it up again.
    h.send(.submitted, effects: [.activate(line: 0, code: F.codes[0])])
    h.send(.codeActivated(line: 0, F.advancedPlan), effects: [.loadPlans]) {
      $0.activate.lines[0].lookup = .activated(F.advancedPlan)
      $0.plans = [F.advancedPlan]
      $0.screen = .activatedPlans
      $0.choosePlan.pointedPlanID = F.advancedPlan.id
    }
  }

  @Test func twoCodesInOneSession() {
    var h = Harness(Self.reached([.activatePressed]))
    // ↓ on an empty line opens nothing.
    h.send(.moved(.down))
    Self.type(F.codes[0].canonical, line: 0, into: &h)
    h.send(.moved(.down)) {
      $0.activate.lines.append(CodeLine())
      $0.activate.focusedLine = 1
    }
    Self.type(F.codes[1].canonical, line: 1, into: &h)
    h.send(
      .submitted,
      effects: [.activate(line: 0, code: F.codes[0]), .activate(line: 1, code: F.codes[1])])
    // The first answer alone does not leave the screen: the second line is still open.
    h.send(.codeActivated(line: 0, F.advancedPlan)) {
      $0.activate.lines[0].lookup = .activated(F.advancedPlan)
      $0.plans = [F.advancedPlan]
    }
    h.send(.codeActivated(line: 1, F.standardPlan), effects: [.loadPlans]) {
      $0.activate.lines[1].lookup = .activated(F.standardPlan)
      $0.plans = [F.standardPlan, F.advancedPlan]
      $0.screen = .activatedPlans
      $0.choosePlan.pointedPlanID = F.standardPlan.id
    }
    h.send(.moved(.down)) { $0.choosePlan.pointedPlanID = F.advancedPlan.id }
    h.send(.submitted, effects: [.countDevices(.assign, filter: "")]) {
      $0.screen = .assignToDevice
      $0.assign.plan = F.advancedPlan
    }
    // Back to the plans and the other plan: its selection starts afresh.
    h.send(.backPressed) { $0.screen = .activatedPlans }
    h.send(.moved(.up)) { $0.choosePlan.pointedPlanID = F.standardPlan.id }
    h.send(.submitted, effects: [.countDevices(.assign, filter: "")]) {
      $0.screen = .assignToDevice
      $0.assign.plan = F.standardPlan
    }
  }

  @Test func aLineOfOnlyDashesIsSkipped() {
    var h = Harness(Self.reached([.activatePressed]))
    Self.type(F.codes[0].canonical, line: 0, into: &h)
    h.send(.moved(.down)) {
      $0.activate.lines.append(CodeLine())
      $0.activate.focusedLine = 1
    }
    Self.type("-", line: 1, into: &h)
    h.send(.submitted, effects: [.activate(line: 0, code: F.codes[0])])
    h.send(.codeActivated(line: 0, F.advancedPlan), effects: [.loadPlans]) {
      $0.activate.lines[0].lookup = .activated(F.advancedPlan)
      $0.plans = [F.advancedPlan]
      $0.screen = .activatedPlans
      $0.choosePlan.pointedPlanID = F.advancedPlan.id
    }
  }

  @Test func selectingBeyondTheSeatsIsRefused() {
    var h = Harness(
      Self.reached(
        Self.toPlans.dropLast(2) + [
          .codeActivated(line: 0, F.standardPlan), .submitted,
          .devicesCounted(.assign, filter: "", count: 3),
          .devicesLoaded(.assign, filter: "", offset: 0, rows: F.rows),
        ]))
    #expect(h.state.assign.plan == F.standardPlan)
    h.send(.deviceToggled(serial: F.basic.serial)) { $0.assign.selected = [F.basic] }
    h.send(.moved(.down)) { $0.assign.list.cursor = 1 }
    h.send(.deviceToggled(serial: F.standard.serial)) {
      $0.assign.message = .allSeatsChosen(seatsLeft: 1)
    }
    // Unselecting frees the seat for another device.
    h.send(.moved(.up)) {
      $0.assign.list.cursor = 0
      $0.assign.message = nil
    }
    h.send(.deviceToggled(serial: F.basic.serial)) { $0.assign.selected = [] }
    h.send(.submitted) {
      $0.assign.message = .noDeviceChosen
    }
  }

  @Test func commitThatFindsTheDatesChangedShowsTheNewDates() {
    var h = Harness(Self.reached(Self.toConfirm))
    h.send(
      .submitted,
      effects: [
        .commit(planID: 1, serials: [F.basic.serial, F.standard.serial],
                expected: Self.expected)
      ]) { $0.confirm.committing = true }
    // Meanwhile another technician gave the basic device an Advanced year.
    var fresh = Self.expected
    fresh[F.basic.serial] = Projection(start: F.months(12), end: F.months(24), kind: .extension)
    h.send(.commitRefused(.datesChanged(fresh: fresh))) {
      $0.confirm.datesChanged = true
      $0.confirm.rows[0].projection = fresh[F.basic.serial]!
      $0.confirm.rows[0].changed = true
      $0.confirm.committing = false
    }
    // Confirm again commits the dates now shown.
    h.send(
      .buttonPressed(.confirm),
      effects: [
        .commit(planID: 1, serials: [F.basic.serial, F.standard.serial], expected: fresh)
      ]) { $0.confirm.committing = true }
    // A second Enter while the store writes does nothing.
    h.send(.submitted)
  }

  @Test func commitRefusedBecauseAnotherTechnicianTookTheSeats() {
    var h = Harness(Self.reached(Self.toConfirm))
    let refusal = StoreError.notEnoughSeats(
      masked: F.codes[0].masked, requested: 2, seatsLeft: 1, assignedTo: ["SN-OTHER"],
      assignedCount: 1)
    h.send(.commitRefused(refusal)) {
      $0.confirm.error = refusal
      $0.confirm.focus = .button(.back)
      $0.assign.plan?.seatsLeft = 1
      $0.plans[0].seatsLeft = 1
    }
    h.send(.buttonPressed(.back)) {
      $0.screen = .assignToDevice
      $0.confirm = ConfirmState()
    }
    h.send(.submitted) {
      $0.assign.message = .allSeatsChosen(seatsLeft: 1)
    }
    h.send(.deviceToggled(serial: F.standard.serial)) {
      $0.assign.selected = [F.basic]
      $0.assign.message = nil
    }
    h.send(.submitted, effects: [.prepareConfirm(serials: [F.basic.serial])])
  }

  @Test func nextWithNoCodeGoesToPlansAlreadyActivated() {
    var state = F.overview
    state.plans = [F.advancedPlan]
    var h = Harness(state)
    h.send(.activatePressed) { $0.screen = .activateCode }
    h.send(.submitted, effects: [.loadPlans]) {
      $0.screen = .activatedPlans
      $0.choosePlan.pointedPlanID = F.advancedPlan.id
    }
  }

  @Test func nextWithNoCodeAndNoPlanAsksForACode() {
    var h = Harness(Self.reached([.activatePressed]))
    h.send(.submitted) { $0.activate.message = .badCode(.empty) }
  }

  @Test func continueAfterSuccessOffersTheSeatsLeft() {
    var state = Self.reached(Self.toAssign + [.deviceToggled(serial: F.basic.serial), .submitted])
    _ = reduce(&state, .confirmPrepared(now: F.now, licenses: F.licenses))
    let written = [
      License(device: F.basic.serial, tier: .advanced, kind: .new, start: F.now,
              end: F.months(12), maskedCode: F.codes[0].masked)
    ]
    var h = Harness(state)
    var left = F.advancedPlan
    left.seatsLeft = 1
    left.assignedDevices = [F.basic.serial]
    h.send(.committed(written), effects: [.loadPlans]) {
      $0.screen = .success
      $0.plans = [left]
      $0.success.plan = left
      $0.success.assigned = [.init(device: F.basic, license: written[0])]
      $0.success.focus = .button(.continue)
      $0.assign = AssignState()
      $0.confirm = ConfirmState()
      $0.overview.list.rows = []
      $0.overview.list.reloadAnchor = RowAnchor(index: 0, key: DeviceKey(F.rows[0].device))
    }
    h.send(.submitted, effects: [.loadPlans]) {
      $0.screen = .activatedPlans
      $0.success = SuccessState()
      $0.activate = ActivateState()
    }
  }

  @Test func continueIsWithdrawnWhenTheLastSeatsGoElsewhere() {
    var state = Self.reached(Self.toAssign + [.deviceToggled(serial: F.basic.serial), .submitted])
    _ = reduce(&state, .confirmPrepared(now: F.now, licenses: F.licenses))
    _ = reduce(
      &state,
      .committed([
        License(device: F.basic.serial, tier: .advanced, kind: .new, start: F.now,
                end: F.months(12), maskedCode: F.codes[0].masked)
      ]))
    #expect(state.success.focus == .button(.continue))
    var taken = F.advancedPlan
    taken.seatsLeft = 0
    var h = Harness(state)
    h.send(
      .plansLoaded([taken]),
      effects: [.loadDevices(.overview, filter: "", offset: 0, window: .first(limit: Self.overviewRows))]
    ) {
      $0.plans = [taken]
      $0.choosePlan.pointedPlanID = nil
      $0.success.focus = .button(.overview)
    }
    #expect(h.state.buttons == [.overview])
  }

  @Test func focusCyclesThroughContentAndButtons() {
    var h = Harness(Self.reached([.activatePressed]))
    h.send(.focusMoved(forward: true)) { $0.activate.focus = .button(.back) }
    h.send(.focusMoved(forward: true)) { $0.activate.focus = .button(.next) }
    h.send(.focusMoved(forward: true)) { $0.activate.focus = .button(.cancel) }
    h.send(.focusMoved(forward: true)) { $0.activate.focus = .content }
    h.send(.focusMoved(forward: false)) { $0.activate.focus = .button(.cancel) }
  }

  @Test func helpTogglesOverAnyScreen() {
    var h = Harness(Self.reached(Self.toAssign))
    h.send(.helpToggled) { $0.showingHelp = true }
    h.send(.helpToggled) { $0.showingHelp = false }
  }
}
