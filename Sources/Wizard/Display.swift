import Foundation
import Subscriptions

/// Turns data into text that is safe to put in a cell and fits its column.
///
/// Device names come from CSV files and other people's typing: a control character or an
/// escape sequence must never reach the terminal, and a double-width or zero-width
/// character would shift every column after it. Those are shown as `\u{…}` escapes.
public enum Display {
  /// `text` with anything that is not a single-width printable character escaped.
  public static func safe(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
      if isSingleWidthPrintable(character) {
        out.append(character)
      } else {
        for scalar in character.unicodeScalars {
          out += isSingleWidthPrintable(Character(scalar))
            ? String(scalar) : "\\u{" + String(scalar.value, radix: 16) + "}"
        }
      }
    }
    return out
  }

  static func isSingleWidthPrintable(_ character: Character) -> Bool {
    if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F }
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return false }
    // A base character followed by combining marks draws in one cell.
    for (index, scalar) in scalars.enumerated() {
      let category = scalar.properties.generalCategory
      if index == 0 {
        switch category {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
          .paragraphSeparator, .nonspacingMark, .enclosingMark, .spacingMark:
          return false
        default: break
        }
        if isWide(scalar) { return false }
      } else {
        guard category == .nonspacingMark || category == .enclosingMark else { return false }
      }
    }
    return (0x20..<0x7F).contains(first.value) || first.value >= 0xA0
  }

  /// East Asian wide and fullwidth ranges, and emoji shown as pictures: two cells each.
  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if scalar.properties.isEmojiPresentation { return true }
    return (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v)
      || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
      || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
      || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
      || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
      || (0x20000...0x3FFFD).contains(v)
  }

  /// `text` (made safe) cut to `width` cells with `…` when it is longer.
  public static func fit(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    let shown = safe(text)
    guard shown.count > width else { return shown }
    return String(shown.prefix(width - 1)) + "…"
  }

  /// `text` fitted and padded to exactly `width` cells.
  public static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let shown = fit(text, width)
    let fill = String(repeating: " ", count: max(0, width - shown.count))
    return right ? fill + shown : shown + fill
  }

  /// Words of `text` (made safe) in lines of at most `width`; a word longer than a line is
  /// cut with `…`. At most `maxLines`: the last one ends in `…` when text is left over.
  public static func wrap(_ text: String, width: Int, maxLines: Int = .max) -> [String] {
    guard width > 0, maxLines > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in safe(text).split(separator: " ") {
      let word = word.count > width ? fit(String(word), width) : String(word)
      if line.isEmpty {
        line = word
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = word
      }
    }
    if !line.isEmpty { lines.append(line) }
    guard lines.count > maxLines else { return lines }
    var kept = Array(lines.prefix(maxLines))
    let last = kept[maxLines - 1]
    kept[maxLines - 1] = last.count < width ? last + "…" : String(last.prefix(width - 1)) + "…"
    return kept
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

  /// `12 months`, `1 month`.
  public static func term(_ months: Int) -> String { months == 1 ? "1 month" : "\(months) months" }

  /// `1 seat`, `3 seats`.
  public static func seats(_ count: Int) -> String { count == 1 ? "1 seat" : "\(count) seats" }

  /// The tier's name, short when the column is narrow (`Basic` for Basic Monitoring).
  public static func tier(_ tier: Tier, width: Int) -> String {
    tier.title.count <= width ? tier.title : (tier == .basic ? "Basic" : tier.title)
  }
}
