import Subscriptions

/// libFuzzer entry point for the activation code parser (DESIGN §2): any bytes, read as
/// UTF-8 the way a terminal or a shell argument would deliver them.
///
/// Checked for every input: no crash, no hang (libFuzzer's -timeout), an accepted code
/// round-trips through its canonical form and masks to its last group only, and a rejection
/// is the value that tells the truth about the input: `empty` only when there is no symbol,
/// `invalidSymbol` naming the first symbol outside the alphabet at its real position,
/// `wrongLength` with the real count, `checkMismatch` only for 20 good symbols. (A
/// rejection's words are made at the edge, `Words.text(_:_:)`, and checked for control
/// characters by CodeErrorWordsTests in every language.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  // The symbols as the parser counts them: every character but whitespace and dashes (an
  // array: a String would join a lone combining mark to the symbol before the dropped space).
  let symbols: [Character] = text.filter { !$0.isWhitespace && $0 != "-" }
  let firstBad = symbols.firstIndex { !isCodeSymbol($0) }
  do {
    let code = try ActivationCode(parsing: text)
    let canonical = code.canonical
    guard canonical.count == 23, (try? ActivationCode(parsing: canonical)) == code else {
      fatalError("canonical form does not parse back to the same code: \(canonical)")
    }
    guard code.masked == "*****-*****-*****-" + canonical.suffix(5) else {
      fatalError("masked form shows more than the last group: \(code.masked)")
    }
    guard firstBad == nil, symbols.count == ActivationCode.length else {
      fatalError("accepted \(symbols.count) symbols, or one outside the alphabet")
    }
  } catch {
    switch error {
    case .empty:
      guard symbols.isEmpty else { fatalError("empty, but \(symbols.count) symbols were typed") }
    case .invalidSymbol(let symbol, let position):
      guard let firstBad, firstBad + 1 == position,
        symbols[firstBad] == symbol
      else { fatalError("invalidSymbol(\(symbol.debugDescription), \(position)) is not the first bad one") }
    case .wrongLength(let found):
      guard firstBad == nil, found == symbols.count, found != ActivationCode.length else {
        fatalError("wrongLength(\(found)) for \(symbols.count) symbols")
      }
    case .checkMismatch:
      guard firstBad == nil, symbols.count == ActivationCode.length else {
        fatalError("checkMismatch for \(symbols.count) symbols")
      }
    }
  }
  return 0
}

/// A symbol the parser reads: ASCII Crockford base32 in either case, with O for 0 and I, L
/// for 1 (written apart from the parser's table, so the two can disagree).
func isCodeSymbol(_ character: Character) -> Bool {
  guard character.asciiValue != nil else { return false }
  let upper = character.uppercased()
  guard upper.count == 1, let first = upper.first else { return false }
  return ActivationCode.alphabet.contains(first) || "OIL".contains(first)
}
