import CNCurses

/// The terminal's bracketed-paste sequences: the mode on and off, and the markers around a
/// paste. From terminfo's `BE`, `BD`, `PS` and `PE` where the entry has them; otherwise the
/// xterm sequences for the terminal families known to bracket pastes (xterm and its
/// emulators, tmux, screen, rxvt), whose entries often lack the capabilities (`screen`).
/// Other terminals (the linux console, vt100, serial terminals) get nothing: a paste there is
/// told apart by the burst rule (`InputDecoder`).
struct BracketedPaste: Equatable {
  var enable: String
  var disable: String
  var start: String
  var end: String

  static let xterm = BracketedPaste(
    enable: "\u{1B}[?2004h", disable: "\u{1B}[?2004l", start: "\u{1B}[200~", end: "\u{1B}[201~")
  static let families = ["xterm", "tmux", "screen", "rxvt", "alacritty", "kitty", "foot", "wezterm"]

  /// The sequences for the terminal curses loaded (call after `newterm`), or `nil`.
  static func forLoadedTerminal(term: String) -> BracketedPaste? {
    let read = { (name: String) -> String? in
      cn_string_capability(name).map { String(cString: $0) }
    }
    if let enable = read("BE"), let disable = read("BD") {
      return BracketedPaste(
        enable: enable, disable: disable, start: read("PS") ?? xterm.start,
        end: read("PE") ?? xterm.end)
    }
    return forTermName(term)
  }

  /// The fallback by the terminal's name alone.
  static func forTermName(_ term: String) -> BracketedPaste? {
    families.contains { term.hasPrefix($0) } ? xterm : nil
  }
}
