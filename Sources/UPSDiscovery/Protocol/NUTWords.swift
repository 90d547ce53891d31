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
    for character in line {
      if escaping {
        current.append(character)
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
        current.append(character)
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
    let plain = !word.isEmpty && !word.contains { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "\\" }
    if plain { return word }
    var out = "\""
    for character in word {
      if character == "\"" || character == "\\" { out.append("\\") }
      out.append(character)
    }
    return out + "\""
  }
}
