import Foundation
import Subscriptions

/// Turns data into text that is safe to put in a cell and fits its column.
///
/// Device names come from CSV files and other people's typing, in any script: they show as
/// written (CJK, Cyrillic, accents, combining marks, emoji), measured in terminal cells
/// (`DisplayWidth`), and cut only between grapheme clusters, never through half a wide
/// character. A control character, an escape sequence or a bidirectional override must
/// never reach the terminal: those are shown as `\u{…}` escapes.
public enum Display {
  /// `text` with anything that could move the cursor, reorder the line or draw nothing
  /// escaped; every other grapheme cluster is kept as written.
  public static func safe(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
        out.append(character)
      } else if isShowable(character) {
        out.append(character)
      } else {
        // Each scalar on its own: spacing ones as they are, the rest escaped (a combining
        // mark after an escape would sit on its closing brace).
        for scalar in character.unicodeScalars {
          if let width = DisplayWidth.of(scalar), width > 0, !isEscaped(scalar) {
            out.unicodeScalars.append(scalar)
          } else {
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
          }
        }
      }
    }
    return out
  }

  /// A cluster the terminal draws as it is: it starts with a printable spacing scalar and
  /// holds nothing unprintable or direction-changing.
  static func isShowable(_ character: Character) -> Bool {
    var first = true
    for scalar in character.unicodeScalars {
      guard let width = DisplayWidth.of(scalar), !isEscaped(scalar) else { return false }
      if first && width == 0 { return false }
      first = false
    }
    return !first
  }

  /// Format characters that reorder or break what follows (bidi embeddings, overrides and
  /// isolates, marks, separators): escaped even though they take no cell.
  static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
      true
    default:
      false
    }
  }

  /// The pieces of a cluster a terminal puts in cells: each spacing scalar with the
  /// zero-width scalars after it, and its width. A cluster of several spacing scalars (a
  /// flag, an emoji joined with ZWJ) takes the cells the terminal counts for each.
  public static func cellUnits(_ character: Character) -> [(character: Character, width: Int)] {
    if character.asciiValue != nil { return [(character, 1)] }
    var units: [(String, Int)] = []
    for scalar in character.unicodeScalars {
      let width = DisplayWidth.of(scalar) ?? 0
      if width == 0, !units.isEmpty {
        units[units.count - 1].0.unicodeScalars.append(scalar)
      } else {
        units.append((String(scalar), width))
      }
    }
    return units.map { text, width in
      // A piece that does not stand alone as one cluster, or draws nothing, becomes U+FFFD.
      guard width > 0, text.count == 1, let first = text.first else { return ("\u{FFFD}", 1) }
      return (first, width)
    }
  }

  /// Cells `text` takes on the terminal (after `safe`, as the renderer shows it).
  public static func width(_ text: some StringProtocol) -> Int { DisplayWidth.of(text) }

  /// `text` (made safe) cut to at most `width` cells with `…` when it is longer. The cut
  /// falls between grapheme clusters; a wide character that would straddle the edge is
  /// left out whole (the result may then be a cell short: `pad` fills it).
  public static func fit(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    let shown = safe(text)
    guard DisplayWidth.of(shown) > width else { return shown }
    return prefix(shown, width - 1) + "…"
  }

  /// The longest start of `text` that fits in `width` cells, cut between clusters.
  static func prefix(_ text: String, _ width: Int) -> String {
    var out = ""
    var used = 0
    for character in text {
      let cells = DisplayWidth.of(character)
      if used + cells > width { break }
      out.append(character)
      used += cells
    }
    return out
  }

  /// `text` fitted and padded to exactly `width` cells.
  public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let shown = fit(text, width)
    let fill = String(repeating: " ", count: max(0, width - DisplayWidth.of(shown)))
    return right ? fill + shown : shown + fill
  }

  /// Words of `text` (made safe) in lines of at most `width` cells. A line may also break
  /// next to a double-width character (Japanese and Chinese put no spaces between words);
  /// a word still longer than a line is cut with `…`. At most `maxLines`: the last one ends
  /// in `…` when text is left over.
  public static func wrap(_ text: String, width: Int, maxLines: Int = .max) -> [String] {
    guard width > 0, maxLines > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    for (piece, spaced) in breakable(safe(text)) {
      let piece = DisplayWidth.of(piece) > width ? fit(piece, width) : piece
      let pieceWidth = DisplayWidth.of(piece)
      let gap = spaced ? 1 : 0
      if line.isEmpty {
        line = piece
        lineWidth = pieceWidth
      } else if lineWidth + gap + pieceWidth <= width {
        line += (spaced ? " " : "") + piece
        lineWidth += gap + pieceWidth
      } else {
        lines.append(line)
        line = piece
        lineWidth = pieceWidth
      }
    }
    if !line.isEmpty { lines.append(line) }
    guard lines.count > maxLines else { return lines }
    var kept = Array(lines.prefix(maxLines))
    let last = kept[maxLines - 1]
    kept[maxLines - 1] = DisplayWidth.of(last) < width ? last + "…" : prefix(last, width - 1) + "…"
    return kept
  }

  /// The pieces a line may break between, each with whether a space goes before it: the
  /// words, and inside a word a break next to every double-width character, except before
  /// closing punctuation (`。`, `）`) and after opening punctuation (`（`, `「`).
  static func breakable(_ text: String) -> [(String, Bool)] {
    let closing: Set<Character> = ["、", "。", "，", "．", "）", "」", "』", "】", "〕", "：", "；", "！", "？", "・", "ー"]
    let opening: Set<Character> = ["（", "「", "『", "【", "〔"]
    var pieces: [(String, Bool)] = []
    for word in text.split(separator: " ") {
      var spaced = true
      var current = ""
      var previous: Character?
      for character in word {
        if let before = previous, !current.isEmpty {
          let wideHere = DisplayWidth.of(character) == 2
          let wideBefore = DisplayWidth.of(before) == 2
          if (wideHere || wideBefore) && !closing.contains(character) && !opening.contains(before) {
            pieces.append((current, spaced))
            spaced = false
            current = ""
          }
        }
        current.append(character)
        previous = character
      }
      if !current.isEmpty { pieces.append((current, spaced)) }
    }
    return pieces
  }

  // MARK: - Dates

  /// `2027-01-15`: the day of `date` in UTC. Dates are never cut: columns are sized for them.
  public static func day(_ date: Date) -> String { Timestamp.formatDay(date) }

  /// `2027-01-15 09:00 UTC`.
  public static func minute(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let secondsOfDay = ((seconds % 86_400) + 86_400) % 86_400
    return day(date)
      + String(format: " %02d:%02d UTC", secondsOfDay / 3600, (secondsOfDay % 3600) / 60)
  }

  /// A code as typed so far with every symbol before the last group shown as `*`
  /// (separators kept): `7K3QM-9XR2T-B8` → `*****-*****-**`.
  public static func maskedInput(_ text: String) -> String {
    var symbols = 0
    return String(
      text.map { character -> Character in
        guard !character.isWhitespace, character != "-" else { return character }
        symbols += 1
        return symbols <= 15 ? "*" : character
      })
  }
}
