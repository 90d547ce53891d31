import Foundation
import PropertyBased
import Testing
@testable import Subscriptions

/// Properties of the start rule over generated license histories.
@Suite struct StartRulePropertyTests {
  /// A device's licenses, a confirm instant and a plan to project.
  struct Scenario: Sendable, CustomStringConvertible {
    var licenses: [License]
    var now: Date
    var tier: Tier
    var months: Int

    var description: String {
      let rows = licenses.map { "\($0.tier.name) \($0.start.rfc3339)..\($0.end.rfc3339)" }
      return "now \(now.rfc3339), \(tier.name) \(months) months over [\(rows.joined(separator: ", "))]"
    }
  }

  static let base = utc(2025, 1, 1).timeIntervalSince1970
  static let span = utc(2035, 1, 1).timeIntervalSince1970 - base

  static func instant(_ rng: inout some RandomNumberGenerator) -> Date {
    Date(timeIntervalSince1970: base + Double(Int.random(in: 0..<Int(span), using: &rng)))
  }

  /// Half the histories are arbitrary overlapping licenses (the rule must hold for any
  /// input); half are built by the rule itself at increasing instants (what a real device
  /// accumulates). `now` is often exactly a license's start or end: the edges matter most.
  static let scenarios = Generator<Scenario, Shrink.None<Scenario>> { rng in
    var licenses: [License] = []
    let count = Int.random(in: 0...6, using: &rng)
    if Bool.random(using: &rng) {
      for _ in 0..<count {
        let start = instant(&rng)
        let end = UTCCalendar.adding(months: Int.random(in: 1...60, using: &rng), to: start)
        licenses.append(license(Tier.sold.randomElement(using: &rng) ?? .standard, start, end))
      }
    } else {
      var confirmAt = instant(&rng)
      for _ in 0..<count {
        let tier = Tier.sold.randomElement(using: &rng) ?? .standard
        let p = StartRule.project(
          licenses: licenses, now: confirmAt, tier: tier,
          termMonths: [1, 12, 36, 60].randomElement(using: &rng) ?? 12)
        licenses.append(license(tier, p.start, p.end, kind: p.kind))
        confirmAt.addTimeInterval(Double(Int.random(in: 0...(400 * 86_400), using: &rng)))
      }
    }
    var now = instant(&rng)
    if let edge = licenses.randomElement(using: &rng), Bool.random(using: &rng) {
      now = Bool.random(using: &rng) ? edge.end : edge.start
    }
    return Scenario(
      licenses: licenses, now: now, tier: Tier.sold.randomElement(using: &rng) ?? .standard,
      months: Int.random(in: 1...120, using: &rng))
  }

  static func project(_ s: Scenario) -> Projection {
    StartRule.project(licenses: s.licenses, now: s.now, tier: s.tier, termMonths: s.months)
  }

  @Test func startIsNeverBeforeNow() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      #expect(Self.project(s).start >= s.now, "\(s)")
    }
  }

  @Test func startIsNeverInsideALicenseOfTheSameOrHigherTier() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      let start = Self.project(s).start
      for l in s.licenses where l.tier >= s.tier {
        #expect(!l.isRunning(at: start), "\(s)")
      }
    }
  }

  /// Not just outside: as early as allowed. `now`, or the end of a license of the same or
  /// higher tier that has not ended, and no such license ends later.
  @Test func startIsTheEarliestAllowedInstant() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      let start = Self.project(s).start
      let relevant = s.licenses.filter { $0.tier >= s.tier && $0.end > s.now }
      if relevant.isEmpty {
        #expect(start == s.now, "\(s)")
      } else {
        #expect(relevant.contains { $0.end == start }, "\(s)")
        #expect(relevant.allSatisfy { $0.end <= start }, "\(s)")
      }
    }
  }

  @Test func endIsAlwaysAfterStartByTheTermInCalendarMonths() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      let p = Self.project(s)
      #expect(p.end > p.start, "\(s)")
      #expect(p.end == UTCCalendar.adding(months: s.months, to: p.start), "\(s)")
      let days = p.end.timeIntervalSince(p.start) / 86_400
      #expect(days >= Double(28 * s.months) && days <= Double(31 * s.months), "\(s)")
      // Time of day kept.
      let startSeconds = Int(p.start.timeIntervalSince1970) % 86_400
      #expect(Int(p.end.timeIntervalSince1970) % 86_400 == startSeconds, "\(s)")
    }
  }

  @Test func kindFollowsTheHighestRunningOrQueuedTier() async {
    await propertyCheck(count: 1000, input: Self.scenarios) { s in
      let p = Self.project(s)
      let highest = s.licenses.filter { $0.end > s.now }.map(\.tier).max()
      switch p.kind {
      case .new:
        #expect(highest == nil, "\(s)")
        #expect(p.start == s.now, "\(s)")
      case .extension:
        #expect(highest == s.tier, "\(s)")
        #expect(p.start > s.now, "\(s)")
      case .upgrade:
        #expect(highest.map { s.tier > $0 } == true, "\(s)")
        #expect(p.start == s.now, "\(s)")
      case .downgrade:
        #expect(highest.map { s.tier < $0 } == true, "\(s)")
        #expect(p.start > s.now, "\(s)")
      }
    }
  }

  @Test func theOrderOfLicensesDoesNotMatter() async {
    await propertyCheck(count: 500, input: Self.scenarios) { s in
      var reversed = s
      reversed.licenses.reverse()
      #expect(Self.project(s) == Self.project(reversed), "\(s)")
    }
  }

  /// Confirming the projection and projecting the same plan again at the same instant (two
  /// seats of one plan on one device, or a stale Confirm screen) queues it behind the first.
  @Test func aSecondIdenticalPlanQueuesBehindTheFirst() async {
    await propertyCheck(count: 500, input: Self.scenarios) { s in
      let first = Self.project(s)
      var after = s
      after.licenses.append(license(s.tier, first.start, first.end, kind: first.kind))
      let second = Self.project(after)
      #expect(second.start == first.end, "\(s)")
      // Now the highest running or queued tier is at least this one: an extension, unless
      // a higher tier is still running or queued, which keeps it a downgrade.
      #expect(second.kind == (first.kind == .downgrade ? .downgrade : .extension), "\(s)")
    }
  }
}
