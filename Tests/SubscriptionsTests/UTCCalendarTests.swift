import Foundation
import PropertyBased
import Testing
@testable import Subscriptions

/// Calendar months in UTC, checked against Foundation's Gregorian calendar, which the
/// domain does not use (too slow for the start-rule budget) but which makes a good oracle.
@Suite struct UTCCalendarTests {
  static let gregorian: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    return calendar
  }()

  /// Terms are whole months forward, so forward is what is compared. Backwards the oracle
  /// itself is wrong: swift-foundation (Swift 6.3.1, Linux) gives 1970-09-29 − 223 months
  /// as 1952-02-28 although 1952 is a leap year (Python's calendar agrees with ours: 02-29).
  @Test func addingMonthsAgreesWithFoundationsGregorianCalendar() async {
    let dates = Gen.int64(in: -2_208_988_800...7_258_118_400)  // 1900 ... 2200, whole seconds
    await propertyCheck(count: 2000, input: dates, Gen.int(in: 0...1200)) { seconds, months in
      let date = Date(timeIntervalSince1970: Double(seconds))
      let expected = Self.gregorian.date(byAdding: .month, value: months, to: date)
      #expect(UTCCalendar.adding(months: months, to: date) == expected, "\(date.rfc3339) + \(months)")
    }
  }

  @Test func componentsAgreeWithFoundation() async {
    await propertyCheck(count: 2000, input: Gen.int64(in: -2_208_988_800...7_258_118_400)) {
      seconds in
      let date = Date(timeIntervalSince1970: Double(seconds))
      let c = Self.gregorian.dateComponents([.year, .month, .day], from: date)
      let mine = UTCCalendar.components(of: date)
      #expect(mine.year == c.year && mine.month == c.month && mine.day == c.day, "\(seconds)")
    }
  }

  @Test(arguments: [
    (utc(2027, 1, 31), 1, utc(2027, 2, 28)),
    (utc(2028, 1, 31), 1, utc(2028, 2, 29)),
    (utc(2028, 2, 29), 12, utc(2029, 2, 28)),
    (utc(2100, 1, 31), 1, utc(2100, 2, 28)),  // not a leap year
    (utc(2000, 1, 31), 1, utc(2000, 2, 29)),  // a leap year
    (utc(2027, 5, 31, 23, 59, 59), 1, utc(2027, 6, 30, 23, 59, 59)),
    (utc(2027, 3, 31), -1, utc(2027, 2, 28)),
    (utc(1970, 9, 29), -223, utc(1952, 2, 29)),  // where Foundation's calendar goes wrong
    (utc(2106, 11, 29), -825, utc(2038, 2, 28)),
    (utc(2027, 1, 15, 9), 0, utc(2027, 1, 15, 9)),
  ])
  func monthEndsClampAndTimeOfDayIsKept(from: Date, months: Int, to: Date) {
    #expect(UTCCalendar.adding(months: months, to: from) == to)
  }

  @Test func fractionsOfASecondSurviveMonthArithmetic() {
    let date = utc(2027, 1, 31, 9).addingTimeInterval(0.25)
    #expect(UTCCalendar.adding(months: 1, to: date) == utc(2027, 2, 28, 9).addingTimeInterval(0.25))
    let beforeEpoch = Date(timeIntervalSince1970: -0.75)  // 1969-12-31T23:59:59.25Z
    #expect(
      UTCCalendar.adding(months: 1, to: beforeEpoch)
        == utc(1970, 1, 31, 23, 59, 59).addingTimeInterval(0.25))
  }
}
