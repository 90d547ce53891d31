/// An activation code: 19 random Crockford base32 symbols and a Luhn mod 32 check symbol.
///
/// The canonical form is `XXXXX-XXXXX-XXXXX-XXXXX`. Codes are secrets: anything outside the
/// input field and `code issue` shows `masked` instead.
public struct ActivationCode: Hashable, Sendable, CustomStringConvertible {
  /// Crockford base32; a symbol's value is its index.
  public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
  /// Symbols in a code, check symbol included.
  public static let length = 20
  static let groupLength = 5

  /// The 20 symbol values, check value last.
  public let values: [UInt8]

  /// Builds a code from 20 values whose last is the correct check value.
  init(validatedValues: [UInt8]) {
    values = validatedValues
  }

  /// Parses what a technician typed: trims, upper-cases, drops spaces and dashes, reads
  /// `O` as `0` and `I`/`L` as `1`, then checks the alphabet, the length and the check symbol.
  ///
  /// Errors come in that order: nothing but separators is `empty`; the first symbol outside
  /// the alphabet is named with its position (counting symbols only, from 1); then the
  /// length; the check symbol last, since it is only meaningful for 20 good symbols.
  public init(parsing input: String) throws(CodeError) {
    var values: [UInt8] = []
    values.reserveCapacity(Self.length)
    var position = 0
    for raw in input {
      // Any whitespace, not just the space: codes pasted from an email arrive with tabs,
      // line breaks or no-break spaces between the groups.
      if raw.isWhitespace || raw == "-" { continue }
      position += 1
      guard let value = Self.value(of: raw) else {
        throw .invalidSymbol(raw, position: position)
      }
      values.append(value)
    }
    guard position > 0 else { throw .empty }
    guard values.count == Self.length else { throw .wrongLength(found: values.count) }
    guard Self.checkValue(for: values[0..<(Self.length - 1)]) == values[Self.length - 1] else {
      throw .checkMismatch
    }
    self.values = values
  }

  /// A new code whose 19 random symbols come from `random` (a CSPRNG in production).
  public static func generate(using random: inout some RandomNumberGenerator) -> ActivationCode {
    var values = (0..<(length - 1)).map { _ in UInt8.random(in: 0..<32, using: &random) }
    values.append(checkValue(for: values[...]))
    return ActivationCode(validatedValues: values)
  }

  /// Luhn mod 32 over the payload values, walking right to left with factors 2, 1, 2, …
  public static func checkValue(for payload: ArraySlice<UInt8>) -> UInt8 {
    var factor = 2
    var sum = 0
    for value in payload.reversed() {
      let addend = factor * Int(value)
      sum += addend / 32 + addend % 32
      factor = factor == 2 ? 1 : 2
    }
    return UInt8((32 - sum % 32) % 32)
  }

  /// `ABCDE-FGHJK-MNPQR-STVWX`.
  public var canonical: String {
    var out = ""
    out.reserveCapacity(Self.length + 3)
    for (index, value) in values.enumerated() {
      if index > 0 && index % Self.groupLength == 0 { out.append("-") }
      out.append(Self.alphabet[Int(value)])
    }
    return out
  }

  /// `*****-*****-*****-ABCDE`: only the last group shows.
  public var masked: String {
    Self.mask(lastGroup: String(canonical.suffix(Self.groupLength)))
  }

  /// The masked form for a code of which only the last group is known.
  public static func mask(lastGroup: String) -> String {
    "*****-*****-*****-" + lastGroup
  }

  /// The masked form, so that printing a code by accident never leaks it.
  public var description: String { masked }

  /// The value of a typed symbol after normalisation (upper case, `O` → `0`,
  /// `I`/`L` → `1`), or `nil` outside the alphabet. ASCII only: upper-casing arbitrary
  /// Unicode can turn one character into several (`ß` → `SS`), and no such input is a code.
  static func value(of symbol: Character) -> UInt8? {
    guard let ascii = symbol.asciiValue else { return nil }
    return lookup[Int(ascii)]
  }

  private static let lookup: [UInt8?] = {
    var table = [UInt8?](repeating: nil, count: 128)
    for (index, symbol) in alphabet.enumerated() {
      guard let upper = symbol.asciiValue else { continue }
      table[Int(upper)] = UInt8(index)
      if symbol.isLetter { table[Int(upper) + 0x20] = UInt8(index) }
    }
    for (lookalike, digit) in [("O", 0), ("o", 0), ("I", 1), ("i", 1), ("L", 1), ("l", 1)] {
      if let ascii = Character(lookalike).asciiValue { table[Int(ascii)] = UInt8(digit) }
    }
    return table
  }()
}

extension String {
  func trimmingWhitespace() -> Substring {
    let isSpace: (Character) -> Bool = { $0.isWhitespace }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return self[first...last]
  }
}
