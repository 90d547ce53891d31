import Foundation

/// Reads and writes instants as text: ISO 8601 / RFC 3339 in, RFC 3339 UTC out.
///
/// Hand-written on top of `UTCCalendar` rather than `DateFormatter` or `ISO8601DateFormatter`:
/// those are slow, depend on the process locale and time zone, and accept or reject
/// different inputs on Darwin and Linux.
public enum Timestamp {
  /// Parses an instant typed for `--now`, `SMARTCONNECT_NOW` or `--redeem-by`.
  ///
  /// Accepted: a bare date `2027-01-15` (midnight UTC); a date and time with `T`, `t` or a
  /// space between them, minutes or seconds, optional fractional seconds, and a zone that is
  /// `Z` or an offset (`+02:00`, `+0200`, `+02`): `2027-01-15T09:00:00Z`,
  /// `2027-01-15T11:00:00.250+02:00`, `2027-01-15T09:00Z`. Surrounding whitespace is ignored.
  /// A time without a zone is refused rather than guessed.
  public static func parse(_ text: String) throws(TimestampError) -> Date {
    let trimmed = text.trimmingWhitespace()
    guard !trimmed.isEmpty else { throw .empty }
    var scanner = Scanner(Array(trimmed.utf8), original: String(trimmed))
    return try scanner.instant()
  }

  /// `2027-01-15T09:00:00Z`: RFC 3339 in UTC, whole seconds (a fraction is dropped, never
  /// rounded up, so a formatted instant is never later than the instant itself).
  public static func format(_ date: Date) -> String {
    let seconds = wholeSeconds(date)
    let days = UTCCalendar.floorDiv(seconds, UTCCalendar.secondsPerDay)
    let timeOfDay = seconds - days * UTCCalendar.secondsPerDay
    let (year, month, day) = UTCCalendar.civil(fromDays: days)
    return dayText(year: year, month: month, day: day) + "T"
      + pad(timeOfDay / 3600, 2) + ":" + pad(timeOfDay / 60 % 60, 2) + ":"
      + pad(timeOfDay % 60, 2) + "Z"
  }

  /// `2027-01-15`: the UTC calendar day of `date`.
  public static func formatDay(_ date: Date) -> String {
    let days = UTCCalendar.floorDiv(wholeSeconds(date), UTCCalendar.secondsPerDay)
    let (year, month, day) = UTCCalendar.civil(fromDays: days)
    return dayText(year: year, month: month, day: day)
  }

  static func wholeSeconds(_ date: Date) -> Int64 {
    Int64(date.timeIntervalSince1970.rounded(.down))
  }

  static func dayText(year: Int64, month: Int64, day: Int64) -> String {
    let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
    return yearText + "-" + pad(month, 2) + "-" + pad(day, 2)
  }

  static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}

// MARK: - Parsing

extension Timestamp {
  /// A cursor over the UTF-8 bytes of the input; every failure names what was expected.
  struct Scanner {
    let bytes: [UInt8]
    let original: String
    var index = 0

    init(_ bytes: [UInt8], original: String) {
      self.bytes = bytes
      self.original = original
    }

    var atEnd: Bool { index == bytes.count }
    var current: UInt8? { atEnd ? nil : bytes[index] }

    mutating func instant() throws(TimestampError) -> Date {
      let year = try number(digits: 4)
      try expect(UInt8(ascii: "-"))
      let month = try number(digits: 2)
      try expect(UInt8(ascii: "-"))
      let day = try number(digits: 2)
      guard (1...12).contains(month) else { throw .outOfRange(.month, value: month, original) }
      let daysInMonth = Int(UTCCalendar.daysIn(year: Int64(year), month: Int64(month)))
      guard (1...daysInMonth).contains(day) else {
        throw .outOfRange(.day, value: day, original)
      }
      if atEnd { return UTCCalendar.date(year: year, month: month, day: day) }

      guard let separator = current,
        separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
          || separator == UInt8(ascii: " ")
      else { throw .malformed(original) }
      index += 1
      let hour = try number(digits: 2)
      try expect(UInt8(ascii: ":"))
      let minute = try number(digits: 2)
      var second = 0
      var fraction = 0.0
      if current == UInt8(ascii: ":") {
        index += 1
        second = try number(digits: 2)
        if current == UInt8(ascii: ".") || current == UInt8(ascii: ",") {
          index += 1
          fraction = try fractionDigits()
        }
      }
      guard hour <= 23 else { throw .outOfRange(.hour, value: hour, original) }
      guard minute <= 59 else { throw .outOfRange(.minute, value: minute, original) }
      // RFC 3339 allows a leap second (:60); the domain counts POSIX seconds, which have none.
      guard second <= 59 else { throw .outOfRange(.second, value: second, original) }
      let offset = try zoneOffsetSeconds()
      guard atEnd else { throw .malformed(original) }
      let local = UTCCalendar.date(
        year: year, month: month, day: day, hour: hour, minute: minute, second: second)
      return Date(timeIntervalSince1970: local.timeIntervalSince1970 - Double(offset) + fraction)
    }

    /// `Z`, `±HH:MM`, `±HHMM` or `±HH`, as seconds east of UTC.
    mutating func zoneOffsetSeconds() throws(TimestampError) -> Int {
      guard let sign = current else { throw .missingZone(original) }
      switch sign {
      case UInt8(ascii: "Z"), UInt8(ascii: "z"):
        index += 1
        return 0
      case UInt8(ascii: "+"), UInt8(ascii: "-"):
        index += 1
        let hours = try number(digits: 2)
        var minutes = 0
        if current == UInt8(ascii: ":") {
          index += 1
          minutes = try number(digits: 2)
        } else if !atEnd {
          minutes = try number(digits: 2)
        }
        guard hours <= 23, minutes <= 59 else {
          throw .outOfRange(.offset, value: hours * 100 + minutes, original)
        }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
      default:
        throw .malformed(original)
      }
    }

    mutating func number(digits: Int) throws(TimestampError) -> Int {
      var value = 0
      for _ in 0..<digits {
        guard let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
          throw .malformed(original)
        }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
        index += 1
      }
      return value
    }

    mutating func fractionDigits() throws(TimestampError) -> Double {
      var fraction = 0.0
      var scale = 0.1
      var count = 0
      while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        fraction += Double(byte - UInt8(ascii: "0")) * scale
        scale /= 10
        count += 1
        index += 1
      }
      guard count > 0 else { throw .malformed(original) }
      return fraction
    }

    mutating func expect(_ byte: UInt8) throws(TimestampError) {
      guard current == byte else { throw .malformed(original) }
      index += 1
    }
  }
}
