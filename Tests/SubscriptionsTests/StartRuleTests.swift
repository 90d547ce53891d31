import Foundation
import Testing
@testable import Subscriptions

/// The start rule of DESIGN §2: one formula for new, extension, upgrade and downgrade.
@Suite struct StartRuleTests {
  /// One row: a device's confirmed licenses, the confirm instant, the plan, the answer.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var licenses: [License]
    var now: Date
    var tier: Tier
    var months: Int
    var start: Date
    var end: Date
    var kind: AssignmentKind
    var testDescription: String { name }
  }

  static let now = utc(2027, 1, 15, 9)

  static let cases: [Case] = [
    // New: nothing running or queued.
    Case(
      name: "new plan on a device with no licenses starts now",
      licenses: [], now: now, tier: .standard, months: 12,
      start: now, end: utc(2028, 1, 15, 9), kind: .new),
    Case(
      name: "licenses that have ended do not count",
      licenses: [license(.advanced, utc(2025, 1, 1), utc(2026, 1, 1))],
      now: now, tier: .standard, months: 12,
      start: now, end: utc(2028, 1, 15, 9), kind: .new),
    Case(
      name: "a license that ends at the exact instant of the confirm has ended",
      licenses: [license(.standard, utc(2026, 1, 15, 9), now)],
      now: now, tier: .standard, months: 12,
      start: now, end: utc(2028, 1, 15, 9), kind: .new),
    Case(
      name: "a higher license ending at the exact instant is no downgrade",
      licenses: [license(.advanced, utc(2026, 1, 15, 9), now)],
      now: now, tier: .standard, months: 1,
      start: now, end: utc(2027, 2, 15, 9), kind: .new),
    Case(
      name: "one second before the end it is still an extension",
      licenses: [license(.standard, utc(2026, 1, 15, 9), now.addingTimeInterval(1))],
      now: now, tier: .standard, months: 12,
      start: now.addingTimeInterval(1), end: utc(2028, 1, 15, 9, 0, 1), kind: .extension),

    // Extension: same tier starts when the current coverage ends.
    Case(
      name: "extension starts at the end of the running license of the same tier",
      licenses: [license(.standard, utc(2026, 6, 1), utc(2027, 6, 1))],
      now: now, tier: .standard, months: 12,
      start: utc(2027, 6, 1), end: utc(2028, 6, 1), kind: .extension),
    Case(
      name: "extension queues behind a chain of queued licenses",
      licenses: [
        license(.standard, utc(2026, 6, 1), utc(2027, 6, 1)),
        license(.standard, utc(2027, 6, 1), utc(2028, 6, 1), kind: .extension),
        license(.standard, utc(2028, 6, 1), utc(2031, 6, 1), kind: .extension),
      ],
      now: now, tier: .standard, months: 12,
      start: utc(2031, 6, 1), end: utc(2032, 6, 1), kind: .extension),
    Case(
      name: "the order the licenses come in does not matter",
      licenses: [
        license(.standard, utc(2028, 6, 1), utc(2031, 6, 1), kind: .extension),
        license(.standard, utc(2026, 6, 1), utc(2027, 6, 1)),
        license(.standard, utc(2027, 6, 1), utc(2028, 6, 1), kind: .extension),
      ],
      now: now, tier: .standard, months: 12,
      start: utc(2031, 6, 1), end: utc(2032, 6, 1), kind: .extension),
    Case(
      name: "advanced extension ignores a standard queued after it",
      licenses: [
        license(.advanced, utc(2026, 6, 1), utc(2027, 6, 1)),
        license(.standard, utc(2027, 6, 1), utc(2028, 6, 1), kind: .downgrade),
      ],
      now: now, tier: .advanced, months: 12,
      start: utc(2027, 6, 1), end: utc(2028, 6, 1), kind: .extension),
    Case(
      name: "extension keeps the time of day of the end it starts at",
      licenses: [license(.advanced, utc(2026, 3, 2, 14, 37, 5), utc(2027, 3, 2, 14, 37, 5))],
      now: now, tier: .advanced, months: 36,
      start: utc(2027, 3, 2, 14, 37, 5), end: utc(2030, 3, 2, 14, 37, 5), kind: .extension),

    // Upgrade: a higher tier starts now; the lower license keeps running underneath.
    Case(
      name: "upgrade from standard starts now",
      licenses: [license(.standard, utc(2026, 6, 1), utc(2027, 6, 1))],
      now: now, tier: .advanced, months: 12,
      start: now, end: utc(2028, 1, 15, 9), kind: .upgrade),
    Case(
      name: "upgrade starts now even over a chain of queued standard licenses",
      licenses: [
        license(.standard, utc(2026, 6, 1), utc(2027, 6, 1)),
        license(.standard, utc(2027, 6, 1), utc(2030, 6, 1), kind: .extension),
      ],
      now: now, tier: .advanced, months: 12,
      start: now, end: utc(2028, 1, 15, 9), kind: .upgrade),
    Case(
      name: "upgrade when only a queued standard license is left",
      licenses: [license(.standard, utc(2027, 3, 1), utc(2028, 3, 1), kind: .extension)],
      now: now, tier: .advanced, months: 12,
      start: now, end: utc(2028, 1, 15, 9), kind: .upgrade),

    // Downgrade: a lower tier starts once every higher license has fully expired.
    Case(
      name: "downgrade starts when the advanced license has fully expired",
      licenses: [license(.advanced, utc(2026, 6, 1), utc(2027, 6, 1))],
      now: now, tier: .standard, months: 12,
      start: utc(2027, 6, 1), end: utc(2028, 6, 1), kind: .downgrade),
    Case(
      name: "downgrade waits for queued advanced extensions too",
      licenses: [
        license(.advanced, utc(2026, 6, 1), utc(2027, 6, 1)),
        license(.advanced, utc(2027, 6, 1), utc(2029, 6, 1), kind: .extension),
      ],
      now: now, tier: .standard, months: 12,
      start: utc(2029, 6, 1), end: utc(2030, 6, 1), kind: .downgrade),
    Case(
      name: "after an upgrade a new standard waits for the later of both ends (advanced)",
      licenses: [
        license(.standard, utc(2026, 6, 1), utc(2027, 6, 1)),
        license(.advanced, utc(2027, 1, 1), utc(2028, 1, 1), kind: .upgrade),
      ],
      now: now, tier: .standard, months: 12,
      start: utc(2028, 1, 1), end: utc(2029, 1, 1), kind: .downgrade),
    Case(
      name: "after an upgrade a new standard waits for the later of both ends (standard)",
      licenses: [
        license(.standard, utc(2026, 6, 1), utc(2029, 6, 1)),
        license(.advanced, utc(2027, 1, 1), utc(2028, 1, 1), kind: .upgrade),
      ],
      now: now, tier: .standard, months: 12,
      start: utc(2029, 6, 1), end: utc(2030, 6, 1), kind: .downgrade),
    Case(
      name: "downgrade behind a queued advanced license with nothing running yet",
      licenses: [license(.advanced, utc(2027, 2, 1), utc(2028, 2, 1), kind: .extension)],
      now: now, tier: .standard, months: 1,
      start: utc(2028, 2, 1), end: utc(2028, 3, 1), kind: .downgrade),

    // Calendar months: Gregorian, UTC, time of day kept, clamped to the month's last day.
    Case(
      name: "Jan 31 + 1 month is Feb 28",
      licenses: [], now: utc(2027, 1, 31, 9), tier: .standard, months: 1,
      start: utc(2027, 1, 31, 9), end: utc(2027, 2, 28, 9), kind: .new),
    Case(
      name: "Jan 31 + 1 month is Feb 29 in a leap year",
      licenses: [], now: utc(2028, 1, 31, 9), tier: .standard, months: 1,
      start: utc(2028, 1, 31, 9), end: utc(2028, 2, 29, 9), kind: .new),
    Case(
      name: "Feb 29 + 12 months is Feb 28",
      licenses: [], now: utc(2028, 2, 29, 23, 59, 59), tier: .advanced, months: 12,
      start: utc(2028, 2, 29, 23, 59, 59), end: utc(2029, 2, 28, 23, 59, 59), kind: .new),
    Case(
      name: "Feb 29 + 48 months is Feb 29 again",
      licenses: [], now: utc(2028, 2, 29), tier: .advanced, months: 48,
      start: utc(2028, 2, 29), end: utc(2032, 2, 29), kind: .new),
    Case(
      name: "Mar 31 + 1 month is Apr 30",
      licenses: [], now: utc(2027, 3, 31, 12), tier: .standard, months: 1,
      start: utc(2027, 3, 31, 12), end: utc(2027, 4, 30, 12), kind: .new),
    Case(
      name: "Aug 31 + 6 months is the last day of February (29 in 2028)",
      licenses: [], now: utc(2027, 8, 31), tier: .standard, months: 6,
      start: utc(2027, 8, 31), end: utc(2028, 2, 29), kind: .new),
    Case(
      name: "Dec 15 + 1 month crosses the year",
      licenses: [], now: utc(2027, 12, 15, 6, 30), tier: .standard, months: 1,
      start: utc(2027, 12, 15, 6, 30), end: utc(2028, 1, 15, 6, 30), kind: .new),
    Case(
      name: "60 months from Feb 29 2024 ends Feb 28 2029",
      licenses: [], now: utc(2024, 2, 29, 8), tier: .standard, months: 60,
      start: utc(2024, 2, 29, 8), end: utc(2029, 2, 28, 8), kind: .new),
    Case(
      name: "the end is counted from the start, not from now: a clamped end stays clamped",
      licenses: [license(.standard, utc(2027, 1, 31, 9), utc(2027, 2, 28, 9))],
      now: utc(2027, 2, 1), tier: .standard, months: 1,
      start: utc(2027, 2, 28, 9), end: utc(2027, 3, 28, 9), kind: .extension),
    Case(
      name: "extension from a month end clamps like a new plan",
      licenses: [license(.advanced, utc(2026, 10, 31, 18), utc(2027, 10, 31, 18))],
      now: now, tier: .advanced, months: 4,
      start: utc(2027, 10, 31, 18), end: utc(2028, 2, 29, 18), kind: .extension),
  ]

  @Test(arguments: cases)
  func projectsStartEndAndKind(_ row: Case) {
    let projection = StartRule.project(
      licenses: row.licenses, now: row.now, tier: row.tier, termMonths: row.months)
    #expect(projection.start == row.start, "start \(projection.start.rfc3339)")
    #expect(projection.end == row.end, "end \(projection.end.rfc3339)")
    #expect(projection.kind == row.kind)
  }

  /// A confirmed license's dates never change: projecting only reads them.
  @Test func projectingLeavesConfirmedLicensesAsTheyWere() {
    let licenses = [
      license(.standard, utc(2026, 6, 1), utc(2027, 6, 1)),
      license(.advanced, utc(2027, 1, 1), utc(2028, 1, 1), kind: .upgrade),
    ]
    let copy = licenses
    for tier in Tier.sold {
      _ = StartRule.project(licenses: licenses, now: Self.now, tier: tier, termMonths: 12)
    }
    #expect(licenses == copy)
  }

  /// The three notes of §1 one after another on one device, each confirmed license fed
  /// back in, the way the store will do it.
  @Test func extensionUpgradeAndDowngradeStackOnOneDevice() {
    var held: [License] = []
    func confirm(_ tier: Tier, _ months: Int, at now: Date) -> Projection {
      let p = StartRule.project(licenses: held, now: now, tier: tier, termMonths: months)
      held.append(license(tier, p.start, p.end, kind: p.kind))
      return p
    }
    let first = confirm(.standard, 12, at: utc(2027, 1, 15, 9))
    #expect(first == Projection(start: utc(2027, 1, 15, 9), end: utc(2028, 1, 15, 9), kind: .new))
    let extended = confirm(.standard, 12, at: utc(2027, 3, 1))
    #expect(
      extended
        == Projection(start: utc(2028, 1, 15, 9), end: utc(2029, 1, 15, 9), kind: .extension))
    let upgraded = confirm(.advanced, 12, at: utc(2027, 4, 1, 10))
    #expect(
      upgraded == Projection(start: utc(2027, 4, 1, 10), end: utc(2028, 4, 1, 10), kind: .upgrade))
    let downgraded = confirm(.standard, 12, at: utc(2027, 5, 1))
    // Waits for the later of the advanced end (2028-04-01) and the standard chain (2029-01-15).
    #expect(
      downgraded
        == Projection(start: utc(2029, 1, 15, 9), end: utc(2030, 1, 15, 9), kind: .downgrade))
    let advancedAgain = confirm(.advanced, 12, at: utc(2027, 5, 2))
    #expect(
      advancedAgain
        == Projection(start: utc(2028, 4, 1, 10), end: utc(2029, 4, 1, 10), kind: .extension))
  }
}
