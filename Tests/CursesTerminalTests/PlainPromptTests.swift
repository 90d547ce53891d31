import Testing
import Wizard

@testable import CursesTerminal

/// The plain front end's translation of answers into intents.
@Suite struct PlainPromptTests {
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

  /// "Next devices" points at the row a page below the window's last, so the window turns a
  /// whole page (the pointer lands on the new window's last row, as PgDn from there would).
  @Test func pagingTurnsAWholePage() {
    var list = DeviceList()
    list.count = 30
    list.cursor = 2
    list.top = 0
    let choices = PlainPrompt.pagingChoices(.assign, list, visible: 14)
    #expect(choices.map(\.label) == ["Show the next devices"])
    #expect(
      choices.first?.actions == [.rowPointed(.assign, index: 27)])

    list.top = 14
    list.cursor = 20
    let middle = PlainPrompt.pagingChoices(.assign, list, visible: 14)
    #expect(middle.map(\.label) == ["Show the next devices", "Show the previous devices"])
    #expect(
      middle.last?.actions == [.rowPointed(.assign, index: 0)])
  }

  @Test func aShortListHasNoPaging() {
    var list = DeviceList()
    list.count = 5
    #expect(PlainPrompt.pagingChoices(.assign, list, visible: 14).isEmpty)
  }
}
