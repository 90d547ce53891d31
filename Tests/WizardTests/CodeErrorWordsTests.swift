import Localization
import Subscriptions
import Testing

@testable import Wizard

/// What a mistyped code's words say: what is wrong and what to do (moved here from the
/// domain, whose `CodeError` is a value now; the words live in `Words`).
@Suite struct CodeErrorWordsTests {
  @Test(arguments: [
    (CodeError.empty, ["No code entered", "20-symbol", "XXXXX-XXXXX-XXXXX-XXXXX"]),
    (.invalidSymbol("*", position: 12), ["'*'", "position 12", "0-9", "A-Z"]),
    (.invalidSymbol("U", position: 20), ["'U'", "position 20", "not used", "V"]),
    (.invalidSymbol("u", position: 3), ["'U'", "position 3", "not used"]),  // upper-cased
    (.invalidSymbol("\u{7}", position: 2), [#"'\u{7}'"#, "position 2"]),
    (.invalidSymbol("é", position: 5), ["'é'", "position 5"]),
    (.wrongLength(found: 19), ["Found 19 symbols", "has 20", "1 is missing"]),
    (.wrongLength(found: 1), ["Found 1 symbol;", "19 are missing"]),
    (.wrongLength(found: 22), ["Found 22 symbols", "2 are extra"]),
    (.checkMismatch, ["mistyped", "two were swapped"]),
  ])
  func eachErrorSaysWhatIsWrongAndWhatToDo(error: CodeError, phrases: [String]) {
    let words = Words.text(error)
    for phrase in phrases {
      #expect(words.contains(phrase), "\(words)")
    }
    // Nothing a terminal would interpret reaches the words raw, in any language.
    for language in Language.allCases {
      let said = Words.text(error, language)
      #expect(!said.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(said)")
      #expect(said.firstMatch(of: /\{[a-z]+\}/) == nil, "\(language): \(said)")
    }
  }

  @Test func everyErrorHasItsOwnWords() {
    let errors: [CodeError] = [
      .empty, .invalidSymbol("*", position: 1), .invalidSymbol("U", position: 1),
      .wrongLength(found: 19), .checkMismatch,
    ]
    for language in Language.allCases {
      #expect(Set(errors.map { Words.text($0, language) }).count == errors.count, "\(language)")
    }
  }
}
