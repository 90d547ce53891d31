import Subscriptions

/// Finds the activation codes in pasted text: a code copied alone, several codes one a line,
/// or a whole email sentence around them.
///
/// A piece is code-shaped when it is one word of four dash-joined groups of five letters or
/// digits (`7K3QM-ABCDE-FGHJK-MNPQR`, any case), one word of twenty letters or digits, or four
/// words of five separated by spaces that together form a valid code (so that prose such as
/// "these three words again" is not taken for one). Punctuation around a word (quotes, a full
/// stop, brackets) is not part of it. Shape only: a mistyped code is still found, and the live
/// check on its line says what is wrong.
public enum PastedCodes {
  /// The code-shaped pieces of `text`, in order, each as it was written.
  public static func pieces(in text: String) -> [String] {
    let words = text.split(whereSeparator: \.isWhitespace).map(trimmed)
    var pieces: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      if isCodeWord(word) {
        pieces.append(word)
        index += 1
        continue
      }
      if index + 3 < words.count, words[index...(index + 3)].allSatisfy(isGroup) {
        let joined = words[index...(index + 3)].joined(separator: " ")
        if (try? ActivationCode(parsing: joined)) != nil {
          pieces.append(joined)
          index += 4
          continue
        }
      }
      index += 1
    }
    return pieces
  }

  /// The word without the punctuation a sentence puts around it.
  static func trimmed(_ word: Substring) -> String {
    String(word.drop { !isSymbol($0) }.reversed().drop { !isSymbol($0) }.reversed())
  }

  static func isSymbol(_ character: Character) -> Bool {
    guard let ascii = character.asciiValue else { return false }
    return (48...57).contains(ascii) || (65...90).contains(ascii) || (97...122).contains(ascii)
  }

  static func isGroup(_ word: String) -> Bool { word.count == 5 && word.allSatisfy(isSymbol) }

  static func isCodeWord(_ word: String) -> Bool {
    if word.count == ActivationCode.length && word.allSatisfy(isSymbol) { return true }
    let groups = word.split(separator: "-", omittingEmptySubsequences: false)
    return groups.count == 4 && groups.allSatisfy { isGroup(String($0)) }
  }
}
