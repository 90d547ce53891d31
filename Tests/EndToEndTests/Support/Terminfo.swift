import Foundation

/// Keys by their terminfo capability names.
enum TerminfoKey: String, Sendable {
  case down = "kcud1"
  case up = "kcuu1"
  case left = "kcub1"
  case right = "kcuf1"
  case home = "khome"
  case end = "kend"
  case pageDown = "knp"
  case pageUp = "kpp"
  case backTab = "kcbt"
  case f1 = "kf1"
}

/// What a terminal of type `term` sends for a key, read from its terminfo entry with
/// `tput`, so the tests type exactly what that terminal would (xterm's ↓ in keypad mode is
/// `ESC O B`, not `ESC [ B`).
enum Terminfo {
  static func sequence(_ key: TerminfoKey, term: String) throws -> [UInt8] {
    let output = try Spawn.run("/usr/bin/tput", ["-T", term, key.rawValue])
    guard output.status == 0, !output.stdout.isEmpty else {
      throw TmuxPane.Failure(description: "terminfo for \(term) has no \(key.rawValue)")
    }
    return Array(output.stdout.utf8)
  }
}
