import Testing
import Wizard

@testable import CursesTerminal

/// The plain front end's translation of answers into the keys' actions.
@Suite struct PlainPromptTests {
  @Test func pointerMovesStepToTheRow() {
    #expect(PlainPrompt.pointerMoves(from: 2, to: 5) == Array(repeating: .moved(.down), count: 3))
    #expect(PlainPrompt.pointerMoves(from: 5, to: 3) == [.moved(.up), .moved(.up)])
    #expect(PlainPrompt.pointerMoves(from: 4, to: 4).isEmpty)
  }

  @Test func aRefusedCodeLineIsTypedAgain() {
    var activate = ActivateState()
    activate.lines = [CodeLine("AAAAA", lookup: .refused(.store(.unknownCode(masked: "*****-*****-*****-AAAAA")))), CodeLine("BBBBB")]
    activate.focusedLine = 0
    #expect(PlainPrompt.codeLineToType(activate) == 0)
  }

  @Test func theNextCodeGoesIntoAnEmptyLastLineOrANewOne() {
    var activate = ActivateState()
    #expect(PlainPrompt.codeLineToType(activate) == 0)
    activate.lines = [CodeLine("AAAAA")]
    #expect(PlainPrompt.codeLineToType(activate) == 1)
    activate.lines = [CodeLine("AAAAA"), CodeLine()]
    #expect(PlainPrompt.codeLineToType(activate) == 1)
  }

  /// "Next devices" moves the pointer to the window's last row and pages once, so the
  /// window turns a whole page (a PgDn from the top row would shift it by one row).
  @Test func pagingTurnsAWholePage() {
    var list = DeviceList()
    list.count = 30
    list.cursor = 2
    list.top = 0
    let choices = PlainPrompt.pagingChoices(list, visible: 14)
    #expect(choices.map(\.label) == ["Show the next devices"])
    #expect(
      choices.first?.actions
        == Array(repeating: .moved(.down), count: 11) + [.moved(.pageDown)])

    list.top = 14
    list.cursor = 20
    let middle = PlainPrompt.pagingChoices(list, visible: 14)
    #expect(middle.map(\.label) == ["Show the next devices", "Show the previous devices"])
    #expect(
      middle.last?.actions
        == Array(repeating: .moved(.up), count: 6) + [.moved(.pageUp)])
  }

  @Test func aShortListHasNoPaging() {
    var list = DeviceList()
    list.count = 5
    #expect(PlainPrompt.pagingChoices(list, visible: 14).isEmpty)
  }
}
