/// Splits one line of NUT's network protocol into its words.
///
/// The protocol (docs/net-protocol.txt, "Command reference") separates words by spaces or
/// tabs, puts multi-word elements in double quotes, and escapes a quote or a backslash
/// inside them with a backslash. Whatever else a word holds (an escape sequence, a control
/// character in a unit's description) is kept as data: showing it safely is the caller's
/// job (`NUTText.escaped`).
public enum NUTWords {
  /// The words of `line` (without its line break), unquoted and unescaped.
  public static func split(_ line: String) throws(NUTParseError) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quoted = false
    var escaping = false
    // By scalar, not by Character: a combining mark after a quote or a backslash would
    // otherwise join it into one grapheme, and the quote would go unseen (found by fuzzing).
    for character in line.unicodeScalars {
      if escaping {
        current.unicodeScalars.append(character)
        escaping = false
        continue
      }
      switch character {
      case "\\":
        escaping = true
        inWord = true
      case "\"":
        if quoted {
          quoted = false
        } else {
          quoted = true
          inWord = true
        }
      case " " where !quoted, "\t" where !quoted:
        if inWord {
          words.append(current)
          current = ""
          inWord = false
        }
      default:
        current.unicodeScalars.append(character)
        inWord = true
      }
    }
    if escaping { throw .danglingBackslash(line: line) }
    if quoted { throw .unterminatedQuote(line: line) }
    if inWord { words.append(current) }
    return words
  }

  /// `word` as a command argument: quoted (escaping `"` and `\`) when it has to be.
  public static func quoted(_ word: String) -> String {
    let special: Set<Unicode.Scalar> = [" ", "\t", "\"", "\\"]
    let plain = !word.isEmpty && !word.unicodeScalars.contains { special.contains($0) }
    if plain { return word }
    var out = String.UnicodeScalarView()
    out.append("\"")
    for scalar in word.unicodeScalars {
      if scalar == "\"" || scalar == "\\" { out.append("\\") }
      out.append(scalar)
    }
    out.append("\"")
    return String(out)
  }
}
