import CNCurses
import Foundation
import Testing
import Wizard

/// The renderer measures text with a table (it is pure and reads no locale); the terminal
/// places its cursor with wcwidth. They must agree scalar for scalar, or a row would end
/// where the terminal does not think it does.
@Suite(.serialized) struct WcwidthTableTests {
  @Test func theRenderersTableIsTheCLibrarysWcwidthUnderCUTF8() throws {
    let saved = String(cString: setlocale(LC_CTYPE, nil))
    defer { setlocale(LC_CTYPE, saved) }
    try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil, "the C.UTF-8 locale is missing")
    var mismatches: [String] = []
    for value in UInt32(0x20)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let expected = Int(cn_width(value))
      let ours = DisplayWidth.of(scalar) ?? -1
      if ours != expected && mismatches.count < 10 {
        mismatches.append("U+\(String(value, radix: 16)): table \(ours), wcwidth \(expected)")
      }
    }
    // A mismatch means the C library moved: run `python3 Scripts/display-widths.py`.
    #expect(mismatches.isEmpty, "\(mismatches)")
  }
}
