/// Why a typed instant (`--now`, `SMARTCONNECT_NOW`, `--redeem-by`) was not understood: a
/// value with the input. The command line's words quote it and show a form that works.
public enum TimestampError: Error, Equatable, Sendable {
  /// The part of a timestamp that is out of range.
  public enum Field: String, Sendable {
    case year, month, day, hour, minute, second
    case offset = "UTC offset"
  }

  case empty
  /// Not shaped like `2027-01-15` or `2027-01-15T09:00:00Z`.
  case malformed(String)
  /// Shaped right, but a field is impossible (month 13, Feb 30, hour 24, …).
  case outOfRange(Field, value: Int, String)
  /// A time of day without `Z` or an offset: whose clock it is cannot be guessed.
  case missingZone(String)
}
