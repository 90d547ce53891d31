/// How many terminal cells text takes, counted the way the terminal counts them.
///
/// Terminals (xterm, tmux, the Linux console) and ncursesw move the cursor by `wcwidth`:
/// East Asian Wide and Fullwidth characters and emoji shown as pictures take two cells,
/// combining marks and joiners none. The tables come from glibc's `wcwidth` (see
/// `Scripts/display-widths.py`), so a row the renderer lays out ends where the terminal's
/// cursor does. Pure: no locale is read here.
public enum DisplayWidth {
  /// Cells `scalar` takes (0, 1 or 2), or `nil` when it is not printable (a control
  /// character, a surrogate, an unassigned code point).
  public static func of(_ scalar: Unicode.Scalar) -> Int? {
    let value = scalar.value
    if value < 0x7F { return value >= 0x20 ? 1 : nil }
    if value < 0xA0 { return nil }
    if contains(doubleWidth, value) { return 2 }
    if contains(zeroWidth, value) { return 0 }
    if contains(unprintable, value) { return nil }
    return 1
  }

  /// Cells a grapheme cluster takes: the sum over its scalars (unprintable ones count 0).
  public static func of(_ character: Character) -> Int {
    if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
    return character.unicodeScalars.reduce(0) { $0 + (of($1) ?? 0) }
  }

  /// Cells `text` takes.
  public static func of(_ text: some StringProtocol) -> Int {
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      let range = ranges[middle]
      if value < range.lowerBound {
        high = middle - 1
      } else if value > range.upperBound {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }
}
