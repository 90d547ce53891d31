/// Why the full-screen front end could not start (or record).
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
  case cannotStart(term: String)
  case cannotWatchSignals(reason: String)
  case cannotRecord(path: String, reason: String)

  public var message: String {
    switch self {
    case .cannotStart(let term):
      "Cannot start the screen on this terminal (TERM=\(term)). Set TERM to your terminal's "
        + "type (for example xterm-256color), or use --plain for line-by-line prompts."
    case .cannotWatchSignals(let reason):
      "Cannot set up signal handling (\(reason)). Use --plain, or the non-interactive "
        + "commands."
    case .cannotRecord(let path, let reason):
      "Cannot write the recording \(path) (\(reason)). Choose a file in a folder you can "
        + "write to."
    }
  }

  public var description: String { message }
}
