import Subscriptions

/// Showing text that came from a server without letting it drive the terminal.
public enum NUTText {
  /// `text` with every control character (C0, DEL, C1) written as `\u{hex}`: an escape
  /// sequence in a unit's description is shown, never performed.
  public static func escaped(_ text: String) -> String {
    ControlCharacters.escaped(text)
  }
}
