import Testing
import Wizard

@testable import CursesTerminal

/// Under a locale that is not UTF-8, names in other scripts degrade to something a person
/// can read, and keep the cells the renderer gave them.
@Suite struct ScriptsInASCIITests {
  @Test(
    arguments: [
      ("大", 2, "da"), ("ラ", 2, "ra"), ("ж", 1, "z"), ("Ü", 1, "U"), ("🔋", 2, "??"),
      ("─", 1, "-"), ("e\u{301}", 1, "e"), ("Ａ", 2, "A?"),
    ] as [(Character, Int, String)])
  func aCellUnitKeepsItsWidthInASCII(character: Character, width: Int, ascii: String) {
    let shown = Glyphs.ascii(character, width: width)
    #expect(shown == ascii)
    #expect(shown.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
  }

  @Test func aJapaneseNameKeepsItsColumnsInASCII() {
    let name = "大阪ラボ UPS"
    var shown = ""
    for character in name {
      for (unit, width) in Display.cellUnits(character) {
        shown += Glyphs.ascii(unit, width: width)
      }
    }
    #expect(shown == "dabarabo UPS")
    #expect(shown.count == Display.width(name))
  }

  @Test(arguments: [
    ("Москва", "Moskva"), ("Zürich", "Zurich"), ("大阪ラボ UPS", "da banrabo UPS"),
    ("Rack A1", "Rack A1"),
  ])
  func textSpellsOtherScriptsInLatinLetters(text: String, readable: String) {
    #expect(Glyphs.readableASCII(text) == readable)
  }
}

@Suite struct TerminalLocaleTests {
  @Test(arguments: [
    ("fr_FR.UTF-8", true), ("ja_JP.utf8", true), ("UTF-8", true), ("de_DE.UTF-8@euro", true),
    ("C", false), ("POSIX", false), ("fr_FR.ISO-8859-1", false), ("en_US", false),
    ("C.UTF-8", true),
  ])
  func aLocaleNameSaysWhetherItIsUTF8(name: String, utf8: Bool) {
    #expect(TerminalLocale.namesUTF8(name) == utf8)
  }

  @Test func lcAllThenLcCtypeThenLangDecideTheCharacterType() {
    #expect(TerminalLocale.characterTypeName(["LANG": "fr_FR.UTF-8"]) == "fr_FR.UTF-8")
    #expect(
      TerminalLocale.characterTypeName(["LANG": "fr_FR.UTF-8", "LC_CTYPE": "C"]) == "C")
    #expect(
      TerminalLocale.characterTypeName(["LANG": "C", "LC_CTYPE": "", "LC_ALL": "ja_JP.UTF-8"])
        == "ja_JP.UTF-8")
    #expect(TerminalLocale.characterTypeName([:]) == "C")
  }
}
