/// An `ERR <code> [<extra>…]` answer from upsd (docs/net-protocol.txt, "Error responses").
public struct NUTServerError: Error, Hashable, Sendable {
  /// The code, one word such as `ACCESS-DENIED` or `UNKNOWN-UPS`.
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

  /// What the code means for someone discovering units, and what to do about it.
  public var meaning: String {
    switch code {
    case "ACCESS-DENIED":
      return "access denied: give a user of upsd.users with --nut-user (password from "
        + "SMARTCONNECT_NUT_PASSWORD or the prompt)"
    case "UNKNOWN-UPS":
      return "the unit is not (or no longer) in its ups.conf; run the discovery again"
    case "DATA-STALE":
      return "its driver has lost contact with the unit (data stale); check the cable"
    case "DRIVER-NOT-CONNECTED":
      return "the unit's driver is not running; start it with upsdrvctl"
    case "USERNAME-REQUIRED", "PASSWORD-REQUIRED":
      return "it wants a login: give --nut-user (password from SMARTCONNECT_NUT_PASSWORD "
        + "or the prompt)"
    case "INVALID-USERNAME", "INVALID-PASSWORD":
      return "it refused the user name or password"
    case "FEATURE-NOT-SUPPORTED", "FEATURE-NOT-CONFIGURED":
      return "it does not offer TLS (STARTTLS)"
    default:
      return "it answered ERR \(NUTText.escaped(code))"
    }
  }

  /// Whether this error concerns one unit only, so discovery goes on with the others.
  public var concernsOneUnit: Bool {
    code == "DATA-STALE" || code == "DRIVER-NOT-CONNECTED"
  }
}
