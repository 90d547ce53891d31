/// An `ERR <code> [<extra>…]` answer from upsd (docs/net-protocol.txt, "Error responses").
public struct NUTServerError: Error, Hashable, Sendable {
  /// The code, one word such as `ACCESS-DENIED` or `UNKNOWN-UPS`, as upsd sent it.
  public var code: String
  /// Whatever words followed the code.
  public var extra: [String]

  public init(code: String, extra: [String] = []) {
    self.code = code
    self.extra = extra
  }

  /// The line's error, when the line is an `ERR` answer.
  public init?(words: [String]) {
    guard words.first == "ERR" else { return nil }
    self.init(code: words.count > 1 ? words[1] : "", extra: Array(words.dropFirst(2)))
  }

  /// What the codes mean for someone discovering units; the command line says what to do
  /// about each.
  public enum Kind: Hashable, Sendable {
    /// `ACCESS-DENIED`: this client (address or user) may not ask.
    case accessDenied
    /// `UNKNOWN-UPS`: no such unit in ups.conf (any more).
    case unknownUnit
    /// `DATA-STALE`: the driver has lost contact with the unit.
    case dataStale
    /// `DRIVER-NOT-CONNECTED`: the unit's driver is not running.
    case driverNotConnected
    /// `USERNAME-REQUIRED`, `PASSWORD-REQUIRED`: it wants a login.
    case loginRequired
    /// `INVALID-USERNAME`, `INVALID-PASSWORD`: it refused the login.
    case loginRefused
    /// `FEATURE-NOT-SUPPORTED`, `FEATURE-NOT-CONFIGURED` (to STARTTLS): no TLS there.
    case tlsNotAvailable
    /// Any other code: shown as upsd sent it.
    case other
  }

  /// The kind of `code`.
  public var kind: Kind {
    switch code {
    case "ACCESS-DENIED": .accessDenied
    case "UNKNOWN-UPS": .unknownUnit
    case "DATA-STALE": .dataStale
    case "DRIVER-NOT-CONNECTED": .driverNotConnected
    case "USERNAME-REQUIRED", "PASSWORD-REQUIRED": .loginRequired
    case "INVALID-USERNAME", "INVALID-PASSWORD": .loginRefused
    case "FEATURE-NOT-SUPPORTED", "FEATURE-NOT-CONFIGURED": .tlsNotAvailable
    default: .other
    }
  }

  /// Whether this error concerns one unit only, so discovery goes on with the others.
  public var concernsOneUnit: Bool {
    kind == .dataStale || kind == .driverNotConnected
  }
}
