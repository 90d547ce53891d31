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
