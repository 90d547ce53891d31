/// Why a typed activation code is not a well-formed code. Each message says what to do.
public enum CodeError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Nothing but whitespace and dashes.
  case empty
  /// A symbol outside Crockford base32; `position` counts symbols from 1, ignoring dashes
  /// and spaces.
  case invalidSymbol(Character, position: Int)
  /// `found` symbols, not counting dashes and whitespace, instead of 20.
  case wrongLength(found: Int)
  /// 20 good symbols whose check symbol does not match the other 19.
  case checkMismatch

  /// What to tell the technician: what is wrong and what to do about it.
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
      // I, L and O are not named as unused: typed, they are read as 1, 1 and 0.
      return "Symbol '\(shown)' at position \(position) is not part of an activation code. "
        + "Codes use only the digits 0-9 and the letters A-Z (never U)."
    case .wrongLength(let found):
      let noun = found == 1 ? "symbol" : "symbols"
      let off = abs(found - ActivationCode.length)
      let hint =
        "\(off) \(off == 1 ? "is" : "are") "
        + (found < ActivationCode.length ? "missing" : "extra")
      return "Found \(found) \(noun); an activation code has 20 "
        + "(four groups of five), so \(hint). Compare it with the email group by group."
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
