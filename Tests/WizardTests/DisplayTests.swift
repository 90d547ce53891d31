import Foundation
import Testing
@testable import Wizard

@Suite("Display")
struct DisplayTests {
  @Test(arguments: [
    ("Rack\u{1B}[2J UPS", "Rack\\u{1b}[2J UPS"),
    ("bell\u{07}", "bell\\u{7}"),
    ("tab\there", "tab\\u{9}here"),
    ("rtl\u{202E}override", "rtl\\u{202e}override"),
    ("c1\u{9B}31m", "c1\\u{9b}31m"),
    ("wide 漢字", "wide \\u{6f22}\\u{5b57}"),
    ("Müller-Lüdenscheid", "Müller-Lüdenscheid"),
    ("Cafe\u{301}", "Cafe\u{301}"),
  ])
  func unsafeCharactersAreEscaped(_ input: String, _ shown: String) {
    #expect(Display.safe(input) == shown)
  }

  @Test func longTextIsEllipsisedToItsWidth() async {
    #expect(Display.fit("Server closet UPS", 10) == "Server cl…")
    #expect(Display.fit("Short", 10) == "Short")
    #expect(Display.pad("Short", 8) == "Short   ")
    #expect(Display.pad("7", 3, right: true) == "  7")
  }

  @Test func wrapKeepsWordsAndMarksWhatIsLeftOver() async {
    #expect(Display.wrap("one two three four", width: 9) == ["one two", "three", "four"])
    #expect(Display.wrap("one two three four", width: 9, maxLines: 2) == ["one two", "three…"])
  }

  @Test func datesAreDaysInUTC() async {
    let date = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    #expect(Display.day(date) == "2027-01-15")
    #expect(Display.minute(date) == "2027-01-15 08:00 UTC")
  }
}
