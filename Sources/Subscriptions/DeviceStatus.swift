import Foundation

/// What a device has at an instant: its tier, until when, and whether that ends soon.
public struct DeviceStatus: Hashable, Sendable {
  /// The highest tier running at the instant, or `basic`.
  public var tier: Tier
  /// Where that tier's coverage ends, following back-to-back licenses of the same or higher
  /// tier; `nil` on basic.
  public var coveredUntil: Date?
  /// Coverage ends within `expiringWindow` of the instant.
  public var expiring: Bool

  public init(tier: Tier, coveredUntil: Date?, expiring: Bool) {
    self.tier = tier
    self.coveredUntil = coveredUntil
    self.expiring = expiring
  }

  /// 30 days.
  public static let expiringWindow: TimeInterval = 30 * 86_400

  /// The status of a device holding `licenses`, at instant `t`.
  public static func at(_ t: Date, licenses: [License]) -> DeviceStatus {
    var tier = Tier.basic
    for license in licenses where license.isRunning(at: t) && license.tier > tier {
      tier = license.tier
    }
    guard tier > .basic else { return DeviceStatus(tier: .basic, coveredUntil: nil, expiring: false) }
    // Follow the chain: any license of the same or higher tier that starts no later than the
    // current end and ends after it pushes the end out. Repeat until nothing moves.
    var end = t
    var moved = true
    while moved {
      moved = false
      for license in licenses
      where license.tier >= tier && license.start <= end && license.end > end {
        end = license.end
        moved = true
      }
    }
    return DeviceStatus(
      tier: tier, coveredUntil: end, expiring: end.timeIntervalSince(t) <= expiringWindow)
  }
}
