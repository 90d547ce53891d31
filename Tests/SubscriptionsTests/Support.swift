import Foundation
@testable import Subscriptions

/// `2027-01-15T09:00:00Z` as `utc(2027, 1, 15, 9)`: tables read like the dates they mean.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
  UTCCalendar.date(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
}

/// A confirmed license on device `UPS-1`; the kind is not used by the rules under test.
func license(_ tier: Tier, _ start: Date, _ end: Date, kind: AssignmentKind = .new) -> License {
  License(
    device: "UPS-1", tier: tier, kind: kind, start: start, end: end,
    maskedCode: ActivationCode.mask(lastGroup: "TEST0"))
}

extension Date {
  /// Readable in failure messages.
  var rfc3339: String { Timestamp.format(self) }
}
