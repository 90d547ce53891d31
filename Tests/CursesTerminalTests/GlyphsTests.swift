import Testing

@testable import CursesTerminal

@Suite struct GlyphsTests {
  static let wizardGlyphs: [Character] = Array(
    "─│┌┐└┘├┤┬┴┼═║╔╗╚╝…↑↓←→▶►•·✓—–“”‘’█░×≤≥é ü Ø ñ ß 日 🙂")

  @Test(arguments: wizardGlyphs)
  func everyCharacterIsASCIIWithoutUnicode(character: Character) {
    let shown = Glyphs.displayable(character, unicode: false)
    #expect(shown.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
  }

  @Test(
    arguments: [
      ("─", "-"), ("│", "|"), ("┌", "+"), ("┘", "+"), ("╔", "+"), ("═", "-"), ("…", "~"),
      ("↓", "v"), ("→", ">"), ("✓", "x"), ("é", "e"), ("ü", "u"), ("日", "?"),
    ] as [(Character, Character)])
  func lineDrawingAndLettersHaveASCIIStandIns(character: Character, ascii: Character) {
    #expect(Glyphs.displayable(character, unicode: false) == ascii)
  }

  @Test func unicodeIsKeptInAUTF8Locale() {
    #expect(Glyphs.displayable("┌", unicode: true) == "┌")
    #expect(Glyphs.displayable("…", unicode: true) == "…")
    #expect(Glyphs.displayable("a", unicode: true) == "a")
  }

  /// A device name holding an escape sequence must not reach the terminal raw.
  @Test(arguments: ["\u{1B}", "\u{07}", "\u{9B}", "\u{7F}", "\r\n"] as [Character])
  func controlCharactersNeverReachTheTerminal(character: Character) {
    #expect(Glyphs.displayable(character, unicode: true) == "?")
    #expect(Glyphs.displayable(character, unicode: false) == "?")
  }
}
