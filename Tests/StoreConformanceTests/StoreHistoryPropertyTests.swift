import Foundation
import SubscriptionStore
import Subscriptions
import Testing

/// Random license histories written through each store (issue 7): what the store writes,
/// computing start dates inside its transaction from fresh data in whole seconds, is exactly what the domain's start rule gives for the same history; and over a
/// whole history no paid time is wasted or counted twice.
///
/// The rule's own properties over arbitrary histories are StartRulePropertyTests (domain).
@Suite struct StoreHistoryPropertyTests {
  static let serials = ["SN1", "SN2", "SN3"]

  @Test(arguments: StoreKind.allCases, 1...12 as ClosedRange<UInt64>)
  func storeFollowsTheStartRuleOverRandomHistories(kind: StoreKind, seed: UInt64) async throws {
    let (store, reopen) = try await kind.makeReopenableStore()
    var random = SeededRandom(seed: seed)
    try await store.addDevices(Fixture.devices(Self.serials.count), context: Fixture.context())

    var expected: [String: [License]] = [:]
    // Fractions of a second on purpose: the store keeps whole seconds, rounded down.
    var now = Fixture.now.addingTimeInterval(Double.random(in: 0..<86_400, using: &random))
    for step in 0..<24 {
      now.addTimeInterval(Double.random(in: 0..<(240 * 86_400), using: &random))
      let tier = Tier.sold.randomElement(using: &random) ?? .standard
      let months = [1, 12, 36, 60].randomElement(using: &random) ?? 12
      let serials = Self.serials.filter { _ in Bool.random(using: &random) }
      guard !serials.isEmpty else { continue }
      let code = Fixture.code(seed &* 1_000 &+ UInt64(step))
      // A context per write: each write carries an id of its own.
      try await store.issue(
        Plan(tier: tier, termMonths: months, seats: serials.count), codes: [code],
        context: Fixture.context(now))
      let outcome = try await store.activate(
        code, assigning: serials, dryRun: false, context: Fixture.context(now))

      let whole = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
      for serial in serials {
        let rule = StartRule.project(
          licenses: expected[serial] ?? [], now: whole, tier: tier, termMonths: months)
        let written = outcome.licenses.first { $0.device == serial }
        #expect(
          written.map { Projection(start: $0.start, end: $0.end, kind: $0.kind) } == rule,
          "seed \(seed) step \(step) \(serial): \(tier) \(months) months at \(whole)")
        expected[serial, default: []].append(
          License(
            device: serial, tier: tier, kind: rule.kind, start: rule.start, end: rule.end,
            maskedCode: code.masked))
      }
    }

    // Read back through a new store on the same data: the same history.
    let stored = try await reopen().licenses(of: Self.serials)
    for serial in Self.serials {
      let key = { (l: License) in "\(l.tier) \(l.kind) \(l.start) \(l.end)" }
      #expect(
        (stored[serial] ?? []).map(key).sorted() == (expected[serial] ?? []).map(key).sorted(),
        "seed \(seed) \(serial)")
      // A license confirmed later of the same or a lower tier never overlaps an earlier one
      // of the same or a higher tier: paid time is neither wasted nor counted twice.
      let history = expected[serial] ?? []
      for (index, later) in history.enumerated() {
        for earlier in history[..<index] where later.tier <= earlier.tier {
          #expect(
            later.start >= earlier.end || later.end <= earlier.start,
            "seed \(seed) \(serial): \(later) overlaps \(earlier)")
        }
      }
    }
  }
}
