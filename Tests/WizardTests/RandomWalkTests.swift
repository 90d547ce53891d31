import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// Thousands of seeded random keys at random sizes: the wizard never traps, never writes
/// more seats than a plan has (nor one device twice in a confirm), and keeps its lists' pointers and windows consistent.
@Suite("Random walk")
struct RandomWalkTests {
  static let keys: [Key] = [
    .up, .down, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter, .escape, .space,
    .backspace, .help, .character("a"), .character("/"), .character("x"), .character("?"),
    .character("-"), .character("1"),
  ]

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomKeysKeepTheInvariants(seed: UInt64) async throws {
    var random = SeededRandom(seed: seed)
    let devices = (0..<120).map {
      Device(serial: String(format: "SN%05d", $0), name: "UPS \($0) \u{1B}[1m", model: "M",
             site: "Site \($0 % 7)")
    }
    let store = try await TestStore.make(devices: devices)
    let vendor = TestStore.context(at: Fixture.now)
    try await store.issue(Plan(tier: .advanced, termMonths: 12, seats: 3), codes: [Fixture.codes[0]],
                    context: vendor)
    try await store.issue(Plan(tier: .standard, termMonths: 36, seats: 2), codes: [Fixture.codes[1]],
                    context: vendor)
    let driver = WizardDriver(store: store, clock: { Fixture.now }, operatorName: "t", host: "h",
                              demoCodes: Fixture.codes.map(\.canonical))
    driver.start()
    await driver.settle()
    var size = Size.minimum
    var visited: Set<Screen> = []
    for step in 0..<1500 {
      if step % 97 == 0 {
        size = Size(width: Int.random(in: 60...150, using: &random),
                    height: Int.random(in: 18...50, using: &random))
      }
      // Biased towards progress, so the walk reaches every screen; otherwise any key.
      let roll = Int.random(in: 0..<100, using: &random)
      let screen = driver.state.screen
      if screen == .activateCode, driver.state.activate.lines[driver.state.activate.focusedLine]
        .isBlank, roll < 40
      {
        let code = Fixture.codes[Int.random(in: 0...1, using: &random)].canonical
        for character in code { await driver.press(.character(character)) }
      } else {
        let progress: [Screen: Key] = [
          .overview: .character("a"), .activateCode: .enter, .activatedPlans: .enter,
          .assignToDevice: roll < 20 ? .space : .enter, .confirm: .enter, .success: .enter,
        ]
        let key = roll < 40
          ? progress[screen] ?? .enter : Self.keys[Int.random(in: 0..<Self.keys.count, using: &random)]
        if await driver.press(key) == .quit { break }
      }
      let frame = await driver.settledRender(size: size)
      #expect(frame.cells.count == size.width * size.height)
      let state = driver.state
      visited.insert(state.screen)
      for id in [ListID.overview, .assign] {
        let list = state[list: id]
        #expect(list.count == 0 || (0..<list.count).contains(list.cursor))
        #expect(list.top <= max(0, list.cursor))
      }
      #expect(Set(state.assign.selected.map(\.serial)).count == state.assign.selected.count)
      if let plan = state.assign.plan {
        #expect(state.assign.selected.count <= plan.plan.seats)
      }
    }
    // The walk reaches every screen, or it tests little.
    #expect(visited == Set(Screen.allCases))
    for plan in try await store.activatedPlans() {
      #expect(plan.seatsLeft >= 0)
      #expect(plan.assignedDevices.count == min(plan.seatsUsed, ActivatedPlan.devicesNamed))
    }
  }
}
