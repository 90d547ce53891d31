import Foundation
import Testing

@testable import Wizard

@Suite("DisplayWidth")
struct DisplayWidthTests {
  @Test(arguments: [
    ("A", 1), ("é", 1), ("大", 2), ("ラ", 2), ("🔋", 2), ("\u{301}", 0), ("\u{200D}", 0),
    ("Ж", 1), ("Ａ", 2), ("…", 1), ("─", 1), ("\u{FFFD}", 1),
  ])
  func scalarsTakeTheirCells(_ text: String, _ cells: Int) throws {
    let scalar = try #require(text.unicodeScalars.first)
    #expect(DisplayWidth.of(scalar) == cells)
  }

  @Test func controlsAndUnassignedAreNotPrintable() async throws {
    for value: UInt32 in [0x00, 0x07, 0x1B, 0x7F, 0x85, 0x9B, 0xE01F0] {
      let scalar = try #require(Unicode.Scalar(value))
      #expect(DisplayWidth.of(scalar) == nil, "U+\(String(value, radix: 16))")
    }
  }
}

@Suite("ScreenBuffer with wide characters")
struct WideCellTests {
  @Test func aWideCharacterTakesTwoCellsAndTheTextShowsItOnce() async {
    var buffer = ScreenBuffer(size: Size(width: 12, height: 1))
    let after = buffer.write("大阪 UPS", row: 0, column: 1)
    #expect(after == 9)
    #expect(buffer.isWide(row: 0, column: 1))
    #expect(buffer[0, 2].isWideTail)
    #expect(buffer.text == " 大阪 UPS\n")
  }

  @Test func aWideCharacterAtTheRightEdgeLeavesABlankNotAHalf() async {
    var buffer = ScreenBuffer(size: Size(width: 5, height: 1))
    buffer.write("ab大阪", row: 0, column: 0)
    #expect(buffer.text == "ab大\n")
    #expect(!buffer[0, 4].isWideTail)
  }

  @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() async {
    var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
    buffer.write("大阪ラ", row: 0, column: 0)
    buffer.write("x", row: 0, column: 1)  // the tail of 大
    buffer.write("y", row: 0, column: 2)  // the head of 阪
    #expect(buffer.text == " xy ラ\n")
    #expect(!buffer[0, 3].isWideTail)
  }

  @Test func combiningMarksShareTheirBasesCell() async {
    var buffer = ScreenBuffer(size: Size(width: 6, height: 1))
    let after = buffer.write("Cafe\u{301}!", row: 0, column: 0)
    #expect(after == 5)
    #expect(buffer[0, 3].character == "e\u{301}")
  }

  @Test func clustersOfSeveralSpacingScalarsTakeACellEach() async {
    var buffer = ScreenBuffer(size: Size(width: 8, height: 1))
    let after = buffer.write("👩\u{200D}🔧|", row: 0, column: 0)
    #expect(after == 5)
    #expect(buffer[0, 0].character == "👩\u{200D}")
    #expect(buffer[0, 2].character == "🔧")
  }
}
