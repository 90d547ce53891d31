/// Why the full-screen front end could not start (or record): a value; `Words.text` says it.
public enum TerminalError: Error, Equatable, Sendable {
  case cannotStart(term: String)
  case cannotWatchSignals(reason: String)
  case cannotRecord(path: String, reason: String)
}
