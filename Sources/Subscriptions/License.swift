import Foundation

/// How a new license relates to what the device already has.
public enum AssignmentKind: String, Sendable, Codable, CaseIterable {
  /// Nothing running or queued.
  case new
  /// Same tier as the highest running or queued: starts when that coverage ends.
  case `extension`
  /// Higher tier: starts now; the lower license keeps running underneath.
  case upgrade
  /// Lower tier: starts once every higher license has fully expired.
  case downgrade

  public var title: String {
    switch self {
    case .new: "New"
    case .extension: "Extension"
    case .upgrade: "Upgrade"
    case .downgrade: "Downgrade"
    }
  }
}

/// A confirmed license: one seat of a plan on one device. Its dates never change.
public struct License: Hashable, Sendable {
  /// The device's serial.
  public var device: String
  public var tier: Tier
  public var kind: AssignmentKind
  public var start: Date
  public var end: Date
  /// The masked code it came from (`*****-*****-*****-ABCDE`).
  public var maskedCode: String

  public init(device: String, tier: Tier, kind: AssignmentKind, start: Date, end: Date,
              maskedCode: String) {
    self.device = device
    self.tier = tier
    self.kind = kind
    self.start = start
    self.end = end
    self.maskedCode = maskedCode
  }

  /// Whether the license covers instant `t` (`start <= t < end`).
  public func isRunning(at t: Date) -> Bool { start <= t && t < end }
}
