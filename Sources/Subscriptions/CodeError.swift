/// Why a typed activation code is not a well-formed code: a value. The words (what is wrong
/// and what to do, in the technician's language) live at the edge: `Words.text(_:_:)`.
public enum CodeError: Error, Equatable, Sendable {
  /// Nothing but whitespace and dashes.
  case empty
  /// A symbol outside Crockford base32; `position` counts symbols from 1, ignoring dashes
  /// and spaces.
  case invalidSymbol(Character, position: Int)
  /// `found` symbols, not counting dashes and whitespace, instead of 20.
  case wrongLength(found: Int)
  /// 20 good symbols whose check symbol does not match the other 19.
  case checkMismatch
}
