import Testing
import Wizard

@testable import CursesTerminal

/// Key codes as ncurses 6 numbers them (curses.h, octal), so the table is checked against
/// the library's real values and not against itself.
@Suite struct KeyTableTests {
  @Test(
    arguments: [
      (0o402, TerminalEvent.key(.down)),
      (0o403, .key(.up)),
      (0o404, .key(.left)),
      (0o405, .key(.right)),
      (0o406, .key(.home)),
      (0o550, .key(.end)),
      (0o523, .key(.pageUp)),
      (0o522, .key(.pageDown)),
      (0o541, .key(.backTab)),
      (0o411, .key(.help)),  // KEY_F(1) = KEY_F0 + 1
      (0o407, .key(.backspace)),
      (0o512, .key(.delete)),
      (0o527, .key(.enter)),
      (0o632, .resize),
      (0o552, .key(.home)),  // vt220 Find
      (0o601, .key(.end)),  // vt220 Select
    ] as [(Int32, TerminalEvent)])
  func keyCodesMapToWizardKeys(code: Int32, event: TerminalEvent) {
    #expect(KeyTable.event(for: .keyCode(code)) == event)
  }

  @Test(
    arguments: [
      (3, TerminalEvent.key(.interrupt)),  // Ctrl-C arrives as a character in raw mode
      (12, .key(.redraw)),  // Ctrl-L
      (27, .key(.escape)),
      (9, .key(.tab)),
      (13, .key(.enter)),  // Enter with nonl()
      (10, .key(.enter)),
      (127, .key(.backspace)),
      (8, .key(.backspace)),
      (32, .key(.space)),
      (0x61, .key(.character("a"))),
      (0x2F, .key(.character("/"))),
      (0x3F, .key(.character("?"))),
      (0xFC, .key(.character("ü"))),
    ] as [(UInt32, TerminalEvent)])
  func charactersMapToWizardKeys(value: UInt32, event: TerminalEvent) {
    #expect(KeyTable.event(for: .character(value)) == event)
  }

  @Test(arguments: [0, 1, 7, 31, 0x85, 0x9B] as [UInt32])
  func otherControlCharactersAreIgnored(value: UInt32) {
    #expect(KeyTable.event(for: .character(value)) == nil)
  }

  @Test func unknownKeyCodesAreIgnored() {
    #expect(KeyTable.event(for: .keyCode(0o412)) == nil)  // F2
    #expect(KeyTable.event(for: .keyCode(0o631)) == nil)  // KEY_MOUSE
  }

  @Test func surrogateValuesAreNotCharacters() {
    #expect(KeyTable.event(for: .character(0xD800)) == nil)
  }
}
