import Subscriptions

/// Helpers for text that goes to a terminal from the non-interactive commands.
enum Terminal {
  /// Escapes control characters so user input never reaches the terminal raw.
  static func printable(_ text: String) -> String {
    ControlCharacters.escaped(text)
  }
}
