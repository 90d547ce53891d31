import Foundation

/// Gregorian calendar arithmetic in UTC, on whole seconds, without Foundation's `Calendar`
/// (which is two orders of magnitude slower and would break the start-rule budget).
public enum UTCCalendar {
  static let secondsPerDay: Int64 = 86_400

  /// `date` plus `months` calendar months, time of day kept; a day that does not exist in
  /// the target month clamps to its last day (Jan 31 + 1 month = Feb 28 or 29).
  public static func adding(months: Int, to date: Date) -> Date {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let fraction = date.timeIntervalSince1970 - Double(seconds)
    let days = floorDiv(seconds, secondsPerDay)
    let timeOfDay = seconds - days * secondsPerDay
    let (year, month, day) = civil(fromDays: days)
    let monthIndex = year * 12 + (month - 1) + Int64(months)
    let newYear = floorDiv(monthIndex, 12)
    let newMonth = monthIndex - newYear * 12 + 1
    let newDay = min(day, daysIn(year: newYear, month: newMonth))
    let newDays = daysFromCivil(year: newYear, month: newMonth, day: newDay)
    return Date(timeIntervalSince1970: Double(newDays * secondsPerDay + timeOfDay) + fraction)
  }

  /// The year, month (1–12) and day (1–31) of `date` in UTC.
  public static func components(of date: Date) -> (year: Int, month: Int, day: Int) {
    let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
    let (y, m, d) = civil(fromDays: floorDiv(seconds, secondsPerDay))
    return (Int(y), Int(m), Int(d))
  }

  /// The instant of a civil date and time in UTC (midnight unless a time is given). The
  /// fields are not checked: pass a real date (`Timestamp.parse` validates typed ones).
  public static func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0,
                          second: Int = 0) -> Date {
    let days = daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
    let seconds = days * secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
    return Date(timeIntervalSince1970: Double(seconds))
  }

  static func isLeap(_ year: Int64) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  static func daysIn(year: Int64, month: Int64) -> Int64 {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  // Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
  static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = floorDiv(y, 400)
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
  }
}
