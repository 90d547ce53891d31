import CNCurses
import Foundation

/// Which front end this terminal can carry.
public enum TerminalKind: Equatable, Sendable {
  /// Standard input or output is not a terminal (a pipe, a file, cron).
  case none
  /// A terminal that cannot address the cursor (TERM=dumb, an unknown TERM, a bare serial
  /// console): line-by-line prompts. `reason` says why, for the plain front end to show.
  case lineByLine(reason: PlainReason)
  /// A terminal curses can draw on.
  case fullScreen
}

/// Why the full screen cannot be used on this terminal (said once, in words, by the plain
/// front end).
public enum PlainReason: Equatable, Sendable {
  case termNotSet
  case dumb
  case noTerminfo(term: String)
  case cannotAddressCursor(term: String)
}

/// Decides, before curses starts, what the terminal can do.
public enum TerminalProbe {
  /// Looks at the file descriptors, `TERM` and its terminfo entry (`cup`).
  public static func probe(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> TerminalKind
  {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return .none }
    let term = environment["TERM"] ?? ""
    if term.isEmpty {
      return .lineByLine(reason: .termNotSet)
    }
    if term == "dumb" {
      return .lineByLine(reason: .dumb)
    }
    // setupterm with an error out-parameter reports instead of printing and exiting.
    var status: Int32 = 0
    guard setupterm(term, STDOUT_FILENO, &status) == OK, status == 1 else {
      return .lineByLine(reason: .noTerminfo(term: term))
    }
    guard cn_has_string_capability("cup") != 0 else {
      return .lineByLine(reason: .cannotAddressCursor(term: term))
    }
    return .fullScreen
  }
}
