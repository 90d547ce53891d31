/// Text from outside (a command line, a store another client wrote, a UPS server) shown
/// without letting it drive the terminal: the one escaper every module uses.
public enum ControlCharacters {
  /// `text` with every control character (C0, DEL, C1) written as `\u{hex}`, so an escape
  /// sequence in it is shown, never performed.
  public static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
        out += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
