import Localization
import Testing

/// Counts as each language writes them (CLDR's separator and minimum grouping digits).
@Suite struct NumberTests {
  static let nnbsp = "\u{202F}"
  static let nbsp = "\u{00A0}"

  @Test(arguments: [
    (Language.english, 1_000_000, "1,000,000"), (.english, 999, "999"),
    (.english, 1_000, "1,000"), (.japanese, 123_456, "123,456"),
    (.german, 1_000_000, "1.000.000"), (.italian, 10_000, "10.000"), (.portuguese, 1_234, "1.234"),
    (.french, 1_000_000, "1\(nnbsp)000\(nnbsp)000"), (.russian, 25_000, "25\(nbsp)000"),
    (.spanish, 1_000, "1000"), (.spanish, 10_000, "10.000"), (.spanish, 1_000_000, "1.000.000"),
    (.english, 0, "0"), (.german, -1_234, "-1.234"),
  ])
  func countsAreGroupedAsTheLanguageWritesThem(language: Language, value: Int, written: String) {
    #expect(language.number(value) == written)
  }

  /// A plural message's `{n}` is the count as the language writes it.
  @Test func aPluralCountIsGroupedToo() {
    #expect(Language.english.trn("{n} seat", "{n} seats", count: 30_000) == "30,000 seats")
    #expect(Language.german.trn("{n} seat", "{n} seats", count: 1) == "1 Platz")
  }
}
