import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// Exhaustive reducer testing in the style of TCA's `TestStore`: each step sends one
/// action, states how the whole state changes (as a mutation of the state before) and every
/// effect returned. Anything not stated must not change.
struct Harness {
  private(set) var state: State

  init(_ state: State) { self.state = state }

  mutating func send(
    _ action: Action, effects expected: [Effect] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ update: (inout State) -> Void = { _ in }
  ) {
    var expectedState = state
    update(&expectedState)
    let effects = reduce(&state, action)
    #expect(effects == expected, "effects of \(action)", sourceLocation: sourceLocation)
    if state != expectedState {
      Issue.record(
        "state after \(action) differs:\n\(Fixture.difference(expectedState, state))",
        sourceLocation: sourceLocation)
    }
  }
}

/// A small fleet and plans at the reference clock, for reducer tests.
enum Fixture {
  static let now = UTCCalendar.date(year: 2027, month: 1, day: 15, hour: 9)
  static func months(_ n: Int) -> Date { UTCCalendar.adding(months: n, to: now) }

  static let basic = Device(serial: "SN-BASIC", name: "Basic UPS", model: "M1", site: "A")
  static let standard = Device(serial: "SN-STD", name: "Standard UPS", model: "M2", site: "A")
  static let advanced = Device(serial: "SN-ADV", name: "Advanced UPS", model: "M3", site: "B")
  static let devices = [basic, standard, advanced]

  static let standardLicense = License(
    device: standard.serial, tier: .standard, kind: .new, start: months(-6), end: months(6),
    maskedCode: "*****-*****-*****-AAAAA")
  static let advancedLicense = License(
    device: advanced.serial, tier: .advanced, kind: .new, start: months(-1), end: months(11),
    maskedCode: "*****-*****-*****-BBBBB")

  static let rows = [
    DeviceRow(device: basic, licenses: []),
    DeviceRow(device: standard, licenses: [standardLicense]),
    DeviceRow(device: advanced, licenses: [advancedLicense]),
  ]
  static var licenses: [String: [License]] {
    [basic.serial: [], standard.serial: [standardLicense], advanced.serial: [advancedLicense]]
  }

  /// Two well-formed codes.
  static let codes: [ActivationCode] = {
    var random = SeededRandom(seed: 7)
    return [ActivationCode.generate(using: &random), ActivationCode.generate(using: &random)]
  }()

  static func activated(
    id: Int64, _ tier: Tier, months: Int, seats: Int, left: Int? = nil, code: ActivationCode
  ) -> ActivatedPlan {
    ActivatedPlan(
      id: id, maskedCode: code.masked, plan: Plan(tier: tier, termMonths: months, seats: seats),
      seatsLeft: left ?? seats, activatedAt: now, assignedDevices: [])
  }

  static let advancedPlan = activated(id: 1, .advanced, months: 12, seats: 2, code: codes[0])
  static let standardPlan = activated(id: 2, .standard, months: 36, seats: 1, code: codes[1])

  /// The Overview, loaded, with no plan activated yet.
  static var overview: State {
    var state = State(now: now)
    state.overview.list.count = 3
    state.overview.list.rows = rows
    return state
  }

  /// A readable account of which parts of two states differ.
  static func difference(_ expected: State, _ actual: State) -> String {
    var out: [String] = []
    func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
      if a != b { out.append("\(name):\n  expected \(a)\n  actual   \(b)") }
    }
    check("screen", expected.screen, actual.screen)
    check("now", expected.now, actual.now)
    check("size", expected.size, actual.size)
    check("showingHelp", expected.showingHelp, actual.showingHelp)
    check("plans", expected.plans, actual.plans)
    check("loadError", expected.loadError, actual.loadError)
    check("notice", expected.notice, actual.notice)
    check("overview", expected.overview, actual.overview)
    check("activate", expected.activate, actual.activate)
    check("choosePlan", expected.choosePlan, actual.choosePlan)
    check("assign", expected.assign, actual.assign)
    check("confirm", expected.confirm, actual.confirm)
    check("success", expected.success, actual.success)
    check("gateway", expected.gateway, actual.gateway)
    return out.joined(separator: "\n")
  }
}
