/// A subscription tier, ordered `basic < standard < advanced`.
///
/// Only `standard` and `advanced` are sold; `basic` is the free monitoring a device falls
/// back to when no paid license is running.
public enum Tier: Int, Comparable, CaseIterable, Sendable, Codable {
  case basic = 0
  case standard = 1
  case advanced = 2

  public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The tiers a code can carry.
  public static let sold: [Tier] = [.standard, .advanced]

  /// The machine name used on the command line and in JSON (`standard`).
  public var name: String {
    switch self {
    case .basic: "basic"
    case .standard: "standard"
    case .advanced: "advanced"
    }
  }

  /// The portal's name for the tier (`Advanced`, `Basic Monitoring`).
  public var title: String {
    switch self {
    case .basic: "Basic Monitoring"
    case .standard: "Standard"
    case .advanced: "Advanced"
    }
  }

  /// Parses a machine name; `nil` for anything else.
  public init?(name: String) {
    guard let tier = Tier.allCases.first(where: { $0.name == name.lowercased() }) else {
      return nil
    }
    self = tier
  }
}
