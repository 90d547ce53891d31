import Foundation
import PropertyBased
import Testing
@testable import Subscriptions

/// Device status at an instant, DESIGN §2: tier, covered until, expiring within 30 days.
@Suite struct DeviceStatusTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var licenses: [License]
    var at: Date
    var tier: Tier
    var coveredUntil: Date?
    var expiring: Bool
    var testDescription: String { name }
  }

  static let s1 = license(.standard, utc(2027, 1, 1, 9), utc(2028, 1, 1, 9))
  static let second: TimeInterval = 1

  static let cases: [Case] = [
    Case(
      name: "no licenses: basic, no end, not expiring",
      licenses: [], at: utc(2027, 6, 1), tier: .basic, coveredUntil: nil, expiring: false),
    // Boundaries of one license: start is inside, end is outside.
    Case(
      name: "one second before the start: basic",
      licenses: [s1], at: utc(2027, 1, 1, 9).addingTimeInterval(-second),
      tier: .basic, coveredUntil: nil, expiring: false),
    Case(
      name: "at the start instant: covered",
      licenses: [s1], at: utc(2027, 1, 1, 9),
      tier: .standard, coveredUntil: utc(2028, 1, 1, 9), expiring: false),
    Case(
      name: "one second before the end: covered and expiring",
      licenses: [s1], at: utc(2028, 1, 1, 9).addingTimeInterval(-second),
      tier: .standard, coveredUntil: utc(2028, 1, 1, 9), expiring: true),
    Case(
      name: "at the end instant: basic again",
      licenses: [s1], at: utc(2028, 1, 1, 9),
      tier: .basic, coveredUntil: nil, expiring: false),
    // Expiring: coverage ends within 30 days (30 × 86 400 s, inclusive).
    Case(
      name: "ends in exactly 30 days: expiring",
      licenses: [s1], at: utc(2027, 12, 2, 9),
      tier: .standard, coveredUntil: utc(2028, 1, 1, 9), expiring: true),
    Case(
      name: "ends in 30 days and 1 second: not expiring",
      licenses: [s1], at: utc(2027, 12, 2, 9).addingTimeInterval(-second),
      tier: .standard, coveredUntil: utc(2028, 1, 1, 9), expiring: false),
    Case(
      name: "ends tomorrow: expiring",
      licenses: [s1], at: utc(2027, 12, 31, 9),
      tier: .standard, coveredUntil: utc(2028, 1, 1, 9), expiring: true),
    // Covered until follows back-to-back licenses of the same or higher tier.
    Case(
      name: "a queued extension pushes covered-until out and clears expiring",
      licenses: [s1, license(.standard, utc(2028, 1, 1, 9), utc(2029, 1, 1, 9))],
      at: utc(2027, 12, 31, 9), tier: .standard, coveredUntil: utc(2029, 1, 1, 9),
      expiring: false),
    Case(
      name: "a chain of three is followed to its end",
      licenses: [
        license(.standard, utc(2029, 1, 1, 9), utc(2030, 1, 1, 9)), s1,
        license(.standard, utc(2028, 1, 1, 9), utc(2029, 1, 1, 9)),
      ],
      at: utc(2027, 6, 1), tier: .standard, coveredUntil: utc(2030, 1, 1, 9), expiring: false),
    Case(
      name: "a gap of one second breaks the chain",
      licenses: [s1, license(.standard, utc(2028, 1, 1, 9, 0, 1), utc(2029, 1, 1, 9))],
      at: utc(2027, 12, 31, 9), tier: .standard, coveredUntil: utc(2028, 1, 1, 9),
      expiring: true),
    Case(
      name: "a queued advanced license continues standard coverage",
      licenses: [s1, license(.advanced, utc(2028, 1, 1, 9), utc(2029, 1, 1, 9))],
      at: utc(2027, 12, 31, 9), tier: .standard, coveredUntil: utc(2029, 1, 1, 9),
      expiring: false),
    Case(
      name: "a queued standard license does not continue advanced coverage",
      licenses: [
        license(.advanced, utc(2027, 1, 1, 9), utc(2028, 1, 1, 9)),
        license(.standard, utc(2028, 1, 1, 9), utc(2029, 1, 1, 9)),
      ],
      at: utc(2027, 12, 31, 9), tier: .advanced, coveredUntil: utc(2028, 1, 1, 9),
      expiring: true),
    Case(
      name: "after the advanced license the queued standard one is the status",
      licenses: [
        license(.advanced, utc(2027, 1, 1, 9), utc(2028, 1, 1, 9)),
        license(.standard, utc(2028, 1, 1, 9), utc(2029, 1, 1, 9)),
      ],
      at: utc(2028, 1, 1, 9), tier: .standard, coveredUntil: utc(2029, 1, 1, 9),
      expiring: false),
    // After an upgrade the lower license runs underneath.
    Case(
      name: "upgrade: advanced shows while both run, with advanced's end",
      licenses: [s1, license(.advanced, utc(2027, 3, 1), utc(2027, 9, 1))],
      at: utc(2027, 8, 15), tier: .advanced, coveredUntil: utc(2027, 9, 1), expiring: true),
    Case(
      name: "upgrade: standard shows again when advanced ends first",
      licenses: [s1, license(.advanced, utc(2027, 3, 1), utc(2027, 9, 1))],
      at: utc(2027, 9, 1), tier: .standard, coveredUntil: utc(2028, 1, 1, 9), expiring: false),
    Case(
      name: "standard coverage follows an overlapping advanced license past its own end",
      licenses: [s1, license(.advanced, utc(2027, 12, 1), utc(2028, 6, 1))],
      at: utc(2027, 11, 20), tier: .standard, coveredUntil: utc(2028, 6, 1), expiring: false),
    Case(
      name: "a license that has not started yet does not count",
      licenses: [license(.advanced, utc(2027, 7, 1), utc(2028, 7, 1))],
      at: utc(2027, 6, 1), tier: .basic, coveredUntil: nil, expiring: false),
  ]

  @Test(arguments: cases)
  func statusAtAnInstant(_ row: Case) {
    let status = DeviceStatus.at(row.at, licenses: row.licenses)
    #expect(status.tier == row.tier)
    #expect(status.coveredUntil == row.coveredUntil, "\(status.coveredUntil?.rfc3339 ?? "nil")")
    #expect(status.expiring == row.expiring)
  }

  // MARK: - Properties

  struct Scenario: Sendable, CustomStringConvertible {
    var licenses: [License]
    var at: Date
    var description: String {
      let rows = licenses.map { "\($0.tier.name) \($0.start.rfc3339)..\($0.end.rfc3339)" }
      return "at \(at.rfc3339) over [\(rows.joined(separator: ", "))]"
    }
  }

  /// Licenses built by the start rule at increasing instants, some arbitrary ones on top,
  /// and an instant that is often exactly a start or an end.
  static let scenarios = Generator<Scenario, Shrink.None<Scenario>> { rng in
    let base = utc(2026, 1, 1).timeIntervalSince1970
    var licenses: [License] = []
    var confirmAt = Date(timeIntervalSince1970: base)
    for _ in 0..<Int.random(in: 0...6, using: &rng) {
      confirmAt.addTimeInterval(Double(Int.random(in: 0...(300 * 86_400), using: &rng)))
      let tier = Tier.sold.randomElement(using: &rng) ?? .standard
      let p = StartRule.project(
        licenses: licenses, now: confirmAt, tier: tier,
        termMonths: [1, 2, 12, 36].randomElement(using: &rng) ?? 12)
      licenses.append(license(tier, p.start, p.end, kind: p.kind))
    }
    for _ in 0..<Int.random(in: 0...2, using: &rng) {
      let start = Date(
        timeIntervalSince1970: base + Double(Int.random(in: 0...(2000 * 86_400), using: &rng)))
      licenses.append(
        license(
          Tier.sold.randomElement(using: &rng) ?? .standard, start,
          UTCCalendar.adding(months: Int.random(in: 1...24, using: &rng), to: start)))
    }
    var at = Date(
      timeIntervalSince1970: base + Double(Int.random(in: 0...(3000 * 86_400), using: &rng)))
    if let edge = licenses.randomElement(using: &rng), Bool.random(using: &rng) {
      at = (Bool.random(using: &rng) ? edge.end : edge.start)
        .addingTimeInterval(Double(Int.random(in: -1...1, using: &rng)))
    }
    return Scenario(licenses: licenses, at: at)
  }

  @Test func tierIsTheHighestRunningAtTheInstant() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      let status = DeviceStatus.at(s.at, licenses: s.licenses)
      let running = s.licenses.filter { $0.start <= s.at && s.at < $0.end }.map(\.tier)
      #expect(status.tier == running.max() ?? .basic, "\(s)")
      #expect((status.coveredUntil == nil) == (status.tier == .basic), "\(s)")
    }
  }

  /// Covered-until is exactly where coverage at that tier or above stops: every instant
  /// from now up to it is covered (coverage can only break where a license ends, so the
  /// ends in between are the instants to check), and the instant itself is not.
  @Test func coveredUntilIsWhereCoverageAtThatTierStops() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      let status = DeviceStatus.at(s.at, licenses: s.licenses)
      guard let until = status.coveredUntil else { return }
      let covering = s.licenses.filter { $0.tier >= status.tier }
      func covered(_ t: Date) -> Bool { covering.contains { $0.isRunning(at: t) } }
      #expect(until > s.at, "\(s)")
      #expect(!covered(until), "\(s)")
      for t in [s.at] + covering.map(\.end) where t >= s.at && t < until {
        #expect(covered(t), "not covered at \(t.rfc3339): \(s)")
      }
      #expect(
        status.expiring == (until.timeIntervalSince(s.at) <= DeviceStatus.expiringWindow),
        "\(s)")
    }
  }

  @Test func theOrderOfLicensesDoesNotMatter() async {
    await propertyCheck(count: 500, input: Self.scenarios) { s in
      #expect(
        DeviceStatus.at(s.at, licenses: s.licenses)
          == DeviceStatus.at(s.at, licenses: s.licenses.reversed()), "\(s)")
    }
  }
}
