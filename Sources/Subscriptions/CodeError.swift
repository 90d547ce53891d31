/// Why a typed activation code is not a well-formed code. Each message says what to do.
public enum CodeError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  /// A symbol outside Crockford base32; `position` counts symbols from 1, ignoring dashes
  /// and spaces.
  case invalidSymbol(Character, position: Int)
  case wrongLength(found: Int)
  case checkMismatch

  public var message: String {
    switch self {
    case .empty:
      return "No code entered. Type the 20-symbol activation code from the email, "
        + "e.g. XXXXX-XXXXX-XXXXX-XXXXX."
    case .invalidSymbol(let symbol, let position):
      let shown = Self.printable(symbol)
      if symbol == "U" || symbol == "u" {
        return "Symbol 'U' at position \(position) is not used in activation codes. "
          + "Check the email: it is probably a V."
      }
      return "Symbol '\(shown)' at position \(position) is not part of an activation code. "
        + "Codes use the digits 0-9 and the letters A-Z except I, L, O and U."
    case .wrongLength(let found):
      let noun = found == 1 ? "symbol" : "symbols"
      return "Found \(found) \(noun); an activation code has 20 "
        + "(four groups of five). Check for a missing or extra symbol."
    case .checkMismatch:
      return "This code does not check out: a symbol was mistyped or two were swapped. "
        + "Compare it with the email symbol by symbol."
    }
  }

  public var description: String { message }

  /// Control and non-ASCII symbols are shown as escapes so they never reach a terminal raw.
  static func printable(_ symbol: Character) -> String {
    if let ascii = symbol.asciiValue, ascii >= 0x20, ascii < 0x7F { return String(symbol) }
    return symbol.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
      .joined(separator: " ")
  }
}
