import Foundation
import Subscriptions

/// Builds license histories like a real fleet's: a third on basic (nothing, or only expired
/// plans), most on a running standard or advanced plan, many with a queued extension, some
/// upgraded with the lower plan still running underneath, some with a queued downgrade.
struct FleetGenerator {
  let now: Date

  /// The licenses of `count` devices, each history built with the start rule itself so
  /// the dates are ones the product could have written.
  func histories(count: Int, using random: inout some RandomNumberGenerator) -> [[License]] {
    (0..<count).map { index in history(serial: "SN\(index)", using: &random) }
  }

  func history(serial: String, using random: inout some RandomNumberGenerator) -> [License] {
    var licenses: [License] = []
    // Confirm 0–4 plans at increasing instants from up to six years back.
    let plans = Int.random(in: 0...4, using: &random)
    var at = now.addingTimeInterval(-Double.random(in: 0...(6 * 365 * 86_400), using: &random))
    for _ in 0..<plans {
      let tier: Tier = Double.random(in: 0..<1, using: &random) < 0.65 ? .standard : .advanced
      let term = [12, 12, 12, 36, 60].randomElement(using: &random) ?? 12
      let projection = StartRule.project(
        licenses: licenses, now: at, tier: tier, termMonths: term)
      licenses.append(
        License(
          device: serial, tier: tier, kind: projection.kind, start: projection.start,
          end: projection.end, maskedCode: "*****-*****-*****-BENCH"))
      // The next confirm comes later, but never after today.
      let step = Double.random(in: (30 * 86_400)...(900 * 86_400), using: &random)
      at = min(now, at.addingTimeInterval(step))
    }
    return licenses
  }
}
