/// Why a typed instant (`--now`, `SMARTCONNECT_NOW`, `--redeem-by`) was not understood.
/// Each message quotes the input and shows a form that works.
public enum TimestampError: Error, Equatable, Sendable, CustomStringConvertible {
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

  static let examples = "2027-01-15 (midnight UTC), 2027-01-15T09:00:00Z or "
    + "2027-01-15T11:00:00+02:00"

  public var message: String {
    switch self {
    case .empty:
      return "No date given. Write an instant such as \(Self.examples)."
    case .malformed(let text):
      return "'\(Self.printable(text))' is not a date or an instant. "
        + "Write it as \(Self.examples)."
    case .outOfRange(let field, let value, let text):
      let shown = field == .offset ? Timestamp.pad(Int64(value), 4) : String(value)
      return "'\(Self.printable(text))' has \(field.rawValue) \(shown), which does not exist"
        + "\(Self.range(of: field)). Check the date."
    case .missingZone(let text):
      return "'\(Self.printable(text))' has a time but no time zone. Add Z for UTC "
        + "(2027-01-15T09:00:00Z) or the offset of the clock it was read from (+02:00)."
    }
  }

  public var description: String { message }

  static func range(of field: Field) -> String {
    switch field {
    case .year: ""
    case .month: " (01-12)"
    case .day: " in that month"
    case .hour: " (00-23)"
    case .minute: " (00-59)"
    case .second: " (00-59; leap seconds are not counted)"
    case .offset: " (up to 23:59)"
    }
  }

  /// Control characters are escaped so a typo never reaches a terminal raw.
  static func printable(_ text: String) -> String {
    ControlCharacters.escaped(text)
  }
}
