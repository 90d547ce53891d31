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
    ("isolate\u{2066}x\u{2069}", "isolate\\u{2066}x\\u{2069}"),
    ("\u{301}lone mark", "\\u{301}lone mark"),
    ("bom\u{FEFF}", "bom\\u{feff}"),
    ("crlf\r\n", "crlf\\u{d}\\u{a}"),
  ])
  func unsafeCharactersAreEscaped(_ input: String, _ shown: String) {
    #expect(Display.safe(input) == shown)
  }

  @Test(arguments: [
    "wide 漢字", "大阪ラボ UPS", "Müller-Lüdenscheid", "Cafe\u{301}", "Москва", "🔋 Batterie",
    "👩\u{200D}🔧 Werkstatt", "🇯🇵 Osaka", "한국어", "Ｆｕｌｌ", "\u{FFFD}",
  ])
  func namesInEveryScriptShowAsWritten(_ name: String) async {
    #expect(Display.safe(name) == name)
  }

  @Test(arguments: [
    ("Rack A1", 7), ("大阪ラボ UPS", 12), ("Cafe\u{301}", 4), ("🔋 UPS", 6), ("Москва", 6),
    ("Ｆｕｌｌ", 8), ("👩\u{200D}🔧", 4), ("🇯🇵", 2), ("한국", 4), ("e\u{301}\u{302}", 1),
  ])
  func widthCountsTerminalCells(_ text: String, _ cells: Int) {
    #expect(Display.width(text) == cells)
  }

  @Test func cuttingNeverSplitsAClusterOrHalfAWideCharacter() async {
    // 大阪ラボ is 8 cells: at 6 the room before … holds 大阪 (4) but not ラ, which is left out
    // whole and `pad` fills the cell it leaves.
    #expect(Display.fit("大阪ラボ UPS", 6) == "大阪…")
    #expect(Display.pad("大阪ラボ UPS", 6) == "大阪… ")
    #expect(Display.fit("大阪ラボ UPS", 7) == "大阪ラ…")
    #expect(Display.fit("Cafe\u{301} Lyon", 5) == "Cafe\u{301}…")
    #expect(Display.fit("🔋🔋🔋", 4) == "🔋…")
    #expect(Display.fit("👩\u{200D}🔧 shop", 4) == "…")  // the joined emoji is 4 cells
    #expect(Display.fit("👩\u{200D}🔧 shop", 5) == "👩\u{200D}🔧…")
    for width in 1...14 {
      for name in ["大阪ラボ UPS", "Cafe\u{301} Lyon", "🔋 Akku Größe", "👩\u{200D}🔧🇯🇵x"] {
        let padded = Display.pad(name, width)
        #expect(Display.width(padded) == width, "\(name) at \(width)")
        #expect(name.hasPrefix(padded.replacingOccurrences(of: "…", with: "")
          .trimmingCharacters(in: .whitespaces)) || padded.contains("…"))
      }
    }
  }

  @Test func wrapMeasuresWideWordsInCells() async {
    // Japanese breaks between characters too, never before closing punctuation.
    #expect(Display.wrap("大阪 ラボ UPS", width: 7) == ["大阪 ラ", "ボ UPS"])
    #expect(Display.wrap("コードを有効化します。次へ", width: 12) == ["コードを有効", "化します。次", "へ"])
    #expect(Display.wrap("有効化します。", width: 12) == ["有効化しま", "す。"])
    #expect(Display.wrap("大阪 ラボ UPS", width: 9) == ["大阪 ラボ", "UPS"])
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
