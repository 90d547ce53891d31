/// An answer from upsd that does not follow NUT's network protocol. The lines are kept as
/// the server sent them: whoever shows one escapes it (`NUTText.escaped`).
public enum NUTParseError: Error, Hashable, Sendable {
  /// A line longer than `limit` bytes (without a line break within them).
  case lineTooLong(limit: Int)
  /// A quoted word that never closes.
  case unterminatedQuote(line: String)
  /// A backslash at the very end of a line, escaping nothing.
  case danglingBackslash(line: String)
  /// A line other than the protocol allows here; `expected` says what would have fitted.
  case unexpectedLine(line: String, expected: Expected)
  /// A list longer than any real upsd serves.
  case tooManyItems(limit: Int)

  /// What the client was ready for, in the protocol's own lines.
  public enum Expected: Hashable, Sendable {
    /// This one line, e.g. `OK`, `OK STARTTLS`, `BEGIN LIST UPS`.
    case line(String)
    /// An item line that starts with `head` (`UPS`, `VAR ups1`), or `end` that closes the
    /// list (`END LIST UPS`).
    case itemOrEnd(head: String, end: String)
    /// Nothing more: the answer had ended with `end`.
    case nothingAfter(end: String)
  }
}
