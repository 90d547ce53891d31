import Foundation
import Testing
import Wizard

@testable import CursesTerminal

/// The rule that tells typed keys from pasted text (`InputDecoder`), and what input may do
/// on a screen that cannot be seen or has only just been drawn (`InputGate`).
@Suite struct InputDecoderTests {
  static let start = CursesInput.keyCode(InputDecoder.pasteStartCode)
  static let end = CursesInput.keyCode(InputDecoder.pasteEndCode)
  static let down = CursesInput.keyCode(0o402)

  static func characters(_ text: String) -> [CursesInput] {
    text.unicodeScalars.map { .character($0.value) }
  }

  @Test func aBracketedPasteIsOnePasteWithItsLineBreaks() {
    var decoder = InputDecoder()
    let events = decoder.decode([Self.start] + Self.characters("AB\rC D\n") + [Self.end])
    #expect(events == [.paste("AB\nC D\n")])
    #expect(!decoder.inPaste)
  }

  @Test func aBracketedPasteSplitAcrossReadsIsOnePaste() {
    var decoder = InputDecoder()
    #expect(decoder.decode([Self.start] + Self.characters("7K3")).isEmpty)
    #expect(decoder.inPaste)
    #expect(decoder.decode(Self.characters("QM\r")).isEmpty)
    #expect(decoder.decode([Self.end] + Self.characters("q")) == [.paste("7K3QM\n"), .key(.character("q"))])
  }

  /// Even one character or one Enter inside the markers is text.
  @Test func oneCharacterInsideTheMarkersIsText() {
    var decoder = InputDecoder()
    #expect(decoder.decode([Self.start, .character(13), Self.end]) == [.paste("\n")])
  }

  @Test func keyCodesAndControlCharactersInsideAPasteAreDropped() {
    var decoder = InputDecoder()
    let burst = [Self.start, .character(65), Self.down, .character(3), .character(27), Self.end]
    #expect(decoder.decode(burst) == [.paste("A")])
  }

  /// The end marker never comes: the run loop closes the paste after a quiet spell; what
  /// follows is keys again.
  @Test func aPasteWithoutItsEndMarkerIsClosedAsText() {
    var decoder = InputDecoder()
    #expect(decoder.decode([Self.start] + Self.characters("AB\r")).isEmpty)
    #expect(decoder.endPaste() == [.paste("AB\n")])
    #expect(decoder.decode([.character(13)]) == [.key(.enter)])
  }

  @Test func aPasteKeepsAtMostItsLimit() {
    var decoder = InputDecoder()
    let long = Array(repeating: CursesInput.character(65), count: InputDecoder.maxPasteLength + 10)
    #expect(decoder.decode([Self.start] + long + [Self.end]) == [
      .paste(String(repeating: "A", count: InputDecoder.maxPasteLength))
    ])
  }

  @Test func oneKeyPerReadIsAKey() {
    var decoder = InputDecoder()
    #expect(decoder.decode([.character(13)]) == [.key(.enter)])
    #expect(decoder.decode([.character(32)]) == [.key(.space)])
    #expect(decoder.decode([Self.down, Self.down]) == [.key(.down), .key(.down)])
    #expect(decoder.decode([.character(9), .character(12)]) == [.key(.tab), .key(.redraw)])
  }

  /// Two text characters in one read were not typed: without brackets they are a paste.
  @Test func aBurstOfTextWithoutBracketsIsAPaste() {
    var decoder = InputDecoder()
    #expect(decoder.decode(Self.characters("x\r")) == [.paste("x\n")])
    #expect(decoder.decode([.character(13), .character(13)]) == [.paste("\n\n")])
    #expect(decoder.decode(Self.characters("a q\r") + [Self.down]) == [.paste("a q\n")])
  }

  @Test func ctrlCInABurstStillQuits() {
    var decoder = InputDecoder()
    #expect(decoder.decode(Self.characters("ab") + [.character(3)]) == [
      .paste("ab"), .key(.interrupt),
    ])
  }

  // MARK: - The gate

  static let confirm: State = {
    var state = State(now: Date(timeIntervalSince1970: 0))
    state.screen = .confirm
    return state
  }()

  @Test(arguments: [
    InputEvent.key(.enter), .key(.space), .key(.down), .key(.escape), .key(.character("q")),
    .paste("x\n"),
  ])
  func onATooSmallScreenOnlyCtrlCActs(event: InputEvent) {
    #expect(InputGate.action(for: event, in: Self.confirm, fits: false, settling: false) == nil)
    #expect(
      InputGate.action(for: .key(.interrupt), in: Self.confirm, fits: false, settling: false)
        == .interrupted)
  }

  @Test func aPressWhileSettlingIsSetAside() {
    #expect(
      InputGate.action(for: .key(.enter), in: Self.confirm, fits: true, settling: true)
        == .pressedTooEarly)
    #expect(
      InputGate.action(for: .key(.enter), in: Self.confirm, fits: true, settling: false)
        == .buttonPressed(.confirm))
    #expect(
      InputGate.action(for: .key(.down), in: Self.confirm, fits: true, settling: true)
        == .moved(.down))
  }

  @Test func aPasteIsAlwaysText() {
    #expect(
      InputGate.action(for: .paste("\n"), in: Self.confirm, fits: true, settling: false)
        == .pasted("\n"))
  }
}
