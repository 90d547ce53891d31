/// An answer from upsd that does not follow NUT's network protocol.
public enum NUTParseError: Error, Hashable, Sendable {
  /// A line longer than `limit` bytes (without a line break within them).
  case lineTooLong(limit: Int)
  /// A quoted word that never closes.
  case unterminatedQuote(line: String)
  /// A backslash at the very end of a line, escaping nothing.
  case danglingBackslash(line: String)
  /// A line other than the protocol allows here; `expected` says what would have fitted.
  case unexpectedLine(line: String, expected: String)
  /// A list longer than any real upsd serves.
  case tooManyItems(limit: Int)

  /// What went wrong, for one line on a terminal: the server's text is shown escaped.
  public var message: String {
    switch self {
    case .lineTooLong(let limit):
      return "it sent a line longer than \(limit) bytes, which no upsd sends."
    case .unterminatedQuote(let line):
      return "it sent a line with an unclosed quote: \(NUTText.excerpt(line))."
    case .danglingBackslash(let line):
      return "it sent a line ending in a lone backslash: \(NUTText.excerpt(line))."
    case .unexpectedLine(let line, let expected):
      return "it answered \(NUTText.excerpt(line)) where \(expected) was expected."
    case .tooManyItems(let limit):
      return "it listed more than \(limit) entries, which no upsd serves."
    }
  }
}
