import Foundation
import PropertyBased
import Testing
@testable import Subscriptions

/// `--now` and friends: RFC 3339 / ISO 8601 in, RFC 3339 UTC with `Z` out (DESIGN §4).
@Suite struct TimestampTests {
  static func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0)
    -> Date
  {
    UTCCalendar.date(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
  }

  @Test(arguments: [
    ("2027-01-15", utc(2027, 1, 15)),
    ("  2027-01-15\n", utc(2027, 1, 15)),
    ("2027-01-15T09:00:00Z", utc(2027, 1, 15, 9)),
    ("2027-01-15t09:00:00z", utc(2027, 1, 15, 9)),
    ("2027-01-15 09:00:00Z", utc(2027, 1, 15, 9)),
    ("2027-01-15T09:00Z", utc(2027, 1, 15, 9)),
    ("2027-01-15T11:00:00+02:00", utc(2027, 1, 15, 9)),
    ("2027-01-15T11:00:00+0200", utc(2027, 1, 15, 9)),
    ("2027-01-15T11:00:00+02", utc(2027, 1, 15, 9)),
    ("2027-01-15T03:30:00-05:30", utc(2027, 1, 15, 9)),
    ("2027-01-15T01:00:00+02:00", utc(2027, 1, 14, 23)),  // the offset crosses midnight
    ("2027-12-31T23:00:00-01:00", utc(2028, 1, 1, 0)),  // and the year
    ("2028-02-29T12:34:56Z", utc(2028, 2, 29, 12, 34, 56)),
    ("2000-02-29", utc(2000, 2, 29)),
    ("1970-01-01T00:00:00Z", Date(timeIntervalSince1970: 0)),
  ])
  func acceptsDatesAndInstants(text: String, expected: Date) throws {
    #expect(try Timestamp.parse(text) == expected)
  }

  @Test func keepsFractionalSeconds() throws {
    let parsed = try Timestamp.parse("2027-01-15T09:00:00.250Z")
    #expect(parsed.timeIntervalSince(Self.utc(2027, 1, 15, 9)) == 0.25)
    let comma = try Timestamp.parse("2027-01-15T11:00:00,5+02:00")
    #expect(comma.timeIntervalSince(Self.utc(2027, 1, 15, 9)) == 0.5)
  }

  @Test(arguments: [
    ("", TimestampError.empty),
    ("   ", .empty),
    ("tomorrow", .malformed("tomorrow")),
    ("15.01.2027", .malformed("15.01.2027")),
    ("2027-1-15", .malformed("2027-1-15")),
    ("27-01-15", .malformed("27-01-15")),
    ("2027-01-15T9:00Z", .malformed("2027-01-15T9:00Z")),
    ("2027-01-15T09Z", .malformed("2027-01-15T09Z")),
    ("2027-01-15T09:00:00.Z", .malformed("2027-01-15T09:00:00.Z")),
    ("2027-01-15T09:00:00+02:", .malformed("2027-01-15T09:00:00+02:")),
    ("2027-01-15T09:00:00 UTC", .malformed("2027-01-15T09:00:00 UTC")),
    ("2027-01-15T09:00:00Zjunk", .malformed("2027-01-15T09:00:00Zjunk")),
    ("2027-01-15X", .malformed("2027-01-15X")),
    ("2027-01-15T09:00:00", .missingZone("2027-01-15T09:00:00")),
    ("2027-01-15 09:00", .missingZone("2027-01-15 09:00")),
    ("2027-13-01", .outOfRange(.month, value: 13, "2027-13-01")),
    ("2027-00-01", .outOfRange(.month, value: 0, "2027-00-01")),
    ("2027-02-29", .outOfRange(.day, value: 29, "2027-02-29")),
    ("2100-02-29", .outOfRange(.day, value: 29, "2100-02-29")),
    ("2027-04-31", .outOfRange(.day, value: 31, "2027-04-31")),
    ("2027-01-00", .outOfRange(.day, value: 0, "2027-01-00")),
    ("2027-01-15T24:00:00Z", .outOfRange(.hour, value: 24, "2027-01-15T24:00:00Z")),
    ("2027-01-15T09:60:00Z", .outOfRange(.minute, value: 60, "2027-01-15T09:60:00Z")),
    ("2027-01-15T09:00:60Z", .outOfRange(.second, value: 60, "2027-01-15T09:00:60Z")),
    ("2027-01-15T09:00:00+24:00", .outOfRange(.offset, value: 2400, "2027-01-15T09:00:00+24:00")),
  ])
  func refusesAnythingElseWithAReason(text: String, expected: TimestampError) {
    #expect(throws: expected) { try Timestamp.parse(text) }
  }

  @Test(arguments: [
    (utc(2027, 1, 15, 9), "2027-01-15T09:00:00Z", "2027-01-15"),
    (utc(2028, 2, 29, 23, 59, 59), "2028-02-29T23:59:59Z", "2028-02-29"),
    (Date(timeIntervalSince1970: 0), "1970-01-01T00:00:00Z", "1970-01-01"),
    (Date(timeIntervalSince1970: -1), "1969-12-31T23:59:59Z", "1969-12-31"),
    (utc(2027, 1, 15, 9).addingTimeInterval(0.999), "2027-01-15T09:00:00Z", "2027-01-15"),
    (utc(2027, 1, 1).addingTimeInterval(-0.5), "2026-12-31T23:59:59Z", "2026-12-31"),
    (utc(9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59Z", "9999-12-31"),
    (utc(476, 9, 4), "0476-09-04T00:00:00Z", "0476-09-04"),
  ])
  func formatsRFC3339UTCWithWholeSeconds(date: Date, instant: String, day: String) {
    #expect(Timestamp.format(date) == instant)
    #expect(Timestamp.formatDay(date) == day)
  }

  @Test func formattedInstantsParseBackToTheSameSecond() throws {
    // Every hour of a leap year and the year after: a round trip loses nothing but fractions.
    var instant = Self.utc(2028, 1, 1).timeIntervalSince1970
    let stop = Self.utc(2030, 1, 1).timeIntervalSince1970
    while instant < stop {
      let date = Date(timeIntervalSince1970: instant + 17)
      #expect(try Timestamp.parse(Timestamp.format(date)) == date)
      instant += 3600
    }
  }

  /// Foundation's formatter as an oracle (the domain avoids it: slow, locale-dependent).
  @Test func formatAgreesWithFoundationsISO8601Formatter() async {
    let formatter = ISO8601DateFormatter()  // UTC, "yyyy-MM-dd'T'HH:mm:ssZ"
    let seconds = Gen.int64(in: -2_208_988_800...7_258_118_400)  // 1900 ... 2200
    await propertyCheck(count: 2000, input: seconds, Gen.int(in: 0...999)) { s, millis throws in
      let date = Date(timeIntervalSince1970: Double(s) + Double(millis) / 1000)
      let whole = Date(timeIntervalSince1970: Double(s))
      #expect(Timestamp.format(date) == formatter.string(from: whole))
      #expect(try Timestamp.parse(Timestamp.format(date)) == whole)
      #expect(Timestamp.formatDay(date) == String(formatter.string(from: whole).prefix(10)))
    }
  }
}
