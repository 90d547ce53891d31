import Foundation

/// What a cell's character becomes on the terminal.
///
/// The wizard draws with Unicode (box lines, `…`, arrows); under a locale that is not UTF-8
/// (LANG=C on a serial console) every character becomes ASCII, so not one byte above 0x7F is
/// written. Control characters (from device names in the store, say) never reach the
/// terminal raw in either case.
public enum Glyphs {
  /// The character to draw for `character`; with `unicode` false it is always ASCII.
  public static func displayable(_ character: Character, unicode: Bool) -> Character {
    guard let first = character.unicodeScalars.first else { return " " }
    if character.unicodeScalars.contains(where: isControl) { return "?" }
    if first.isASCII && character.unicodeScalars.count == 1 { return character }
    if unicode { return character }
    return ascii(for: character)
  }

  /// `width` ASCII characters standing for one cell unit (a character and its combining
  /// marks) under a locale that is not UTF-8: line drawing and punctuation by the table,
  /// letters with accents by their base letter, other scripts transliterated to Latin
  /// (`大` → `da`, `ж` → `z`), `?` for what has no reading (emoji). The width is kept, so a
  /// row the renderer laid out in cells still lines up.
  public static func ascii(_ character: Character, width: Int) -> String {
    guard width > 0 else { return "" }
    if character.unicodeScalars.contains(where: isControl) {
      return String(repeating: "?", count: width)
    }
    if width == 1 {
      let mapped = ascii(for: character)
      if mapped != "?" { return String(mapped) }
    }
    let letters = transliterated(String(character)).filter { $0.isLetter || $0.isNumber }
    let kept = String(letters.prefix(width))
    return kept + String(repeating: "?", count: width - kept.count)
  }

  /// `text` for a terminal that is not UTF-8, as a person can read it: other scripts in
  /// Latin letters (`Москва` → `Moskva`, `大阪` → `da ban`), accents dropped, the rest `?`.
  /// Unlike `ascii(_:width:)` the length may change: for output laid out afterwards.
  public static func readableASCII(_ text: String) -> String {
    if text.allSatisfy(\.isASCII) { return text }
    var out = ""
    for character in transliterated(text) {
      if character.isASCII {
        out.append(character)
      } else {
        out.append(ascii(for: character))
      }
    }
    return out
  }

  /// Latin letters for any script, accents and widths folded (ICU's Any-Latin).
  static func transliterated(_ text: String) -> String {
    let latin = text.applyingTransform(.toLatin, reverse: false) ?? text
    return latin.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
  }

  /// The ASCII stand-in for a non-ASCII character.
  static func ascii(for character: Character) -> Character {
    if let first = character.unicodeScalars.first, let mapped = table[first] {
      return mapped
    }
    // Letters with accents keep their base letter: "Zürich" reads as "Zurich", not "Z?rich".
    let folded = String(character).folding(
      options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
    if folded.unicodeScalars.count == 1, let scalar = folded.unicodeScalars.first,
      scalar.isASCII, !isControl(scalar)
    {
      return Character(scalar)
    }
    return "?"
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
  }

  static let table: [Unicode.Scalar: Character] = {
    var table: [Unicode.Scalar: Character] = [:]
    func map(_ characters: String, to replacement: Character) {
      for scalar in characters.unicodeScalars { table[scalar] = replacement }
    }
    map("─━═┄┅┈┉╌╍╴╶╸╺", to: "-")
    map("│┃║┆┇┊┋╎╏╵╷╹╻", to: "|")
    map("┌┐└┘├┤┬┴┼╭╮╯╰╔╗╚╝╠╣╦╩╬┏┓┗┛┣┫┳┻╋╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫", to: "+")
    map("…", to: "~")
    map("↑▲△▴", to: "^")
    map("↓▼▽▾", to: "v")
    map("←◀◄‹«⟨", to: "<")
    map("→▶►▸›»⟩", to: ">")
    map("•●◆◉∙", to: "*")
    map("·", to: ".")
    map("✓✔✗✘×", to: "x")
    map("—–‐‑‒―−", to: "-")
    map("“”„″", to: "\"")
    map("‘’‚′", to: "'")
    map("█▓▒░■▌▐▀▄", to: "#")
    map("□○◯", to: "o")
    map("≤", to: "<")
    map("≥", to: ">")
    map("\u{A0}\u{2007}\u{2009}\u{202F}", to: " ")
    return table
  }()
}
