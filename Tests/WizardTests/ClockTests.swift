import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// A clock that moves (issue 16 §4): the runner ticks once a minute and everything computed
/// from `now` follows; the wizard itself never reads a clock.
@Suite("Clock")
struct ClockTests {
  typealias F = Fixture

  @Test func aTickMovesNowAndAsksForNothing() {
    var h = Harness(F.overview)
    let later = F.now.addingTimeInterval(60)
    h.send(.clockTicked(now: later)) { $0.now = later }
  }

  /// The title bar's time and the expiring marks are computed at the new `now`: the
  /// Standard license ending in six months becomes "expiring" once fewer than 30 days are left.
  @Test func theOverviewFollowsTheClock() {
    var state = F.overview
    let before = render(state, .minimum).text
    #expect(before.contains("2027-01-15 09:00"))
    let standardRow = { (text: String) in
      text.split(separator: "\n").first { $0.contains(F.standard.name) }.map(String.init) ?? ""
    }
    #expect(!standardRow(before).contains("!"), "\(before)")
    let nearEnd = F.months(6).addingTimeInterval(-10 * 86_400)
    _ = reduce(&state, .clockTicked(now: nearEnd))
    let after = render(state, .minimum).text
    #expect(!after.contains("2027-01-15 09:00"))
    #expect(after.contains(Display.minute(nearEnd)), "\(after)")
    #expect(standardRow(after).contains("!"), "\(after)")
  }

  /// The Assign screen's projected start of a new license is the new `now`.
  @Test func projectedStartsFollowTheClock() {
    var state = ReducerTests.reached(ReducerTests.toAssign)
    let nextDay = F.now.addingTimeInterval(86_400)
    _ = reduce(&state, .clockTicked(now: nextDay))
    let text = render(state, .minimum).text
    let basicRow = text.split(separator: "\n").first { $0.contains(F.basic.name) } ?? ""
    #expect(basicRow.contains(Display.day(nextDay)), "\(text)")
  }

  @Test func theDriverTicksOnlyWhenItsClockMoved() async throws {
    let store = try await TestStore.make(devices: [F.basic], licenses: [])
    let clock = MovingClock()
    let driver = WizardDriver(store: store, clock: { clock.now }, operatorName: "tech",
                              host: "host")
    driver.start()
    await driver.settle()
    #expect(driver.tickClock() == false, "a pinned clock (--now) never repaints")
    clock.now = F.now.addingTimeInterval(60)
    #expect(driver.tickClock())
    #expect(driver.state.now == clock.now)
    #expect(driver.render(size: .minimum).text.contains("2027-01-15 09:01"))
  }
}

/// A clock a test moves by hand.
final class MovingClock: @unchecked Sendable {
  var now = Fixture.now
}
