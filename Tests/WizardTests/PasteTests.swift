import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// A paste is text, never keys (issue 16 §1): where its codes go on Activate Code, and that
/// anywhere else it changes nothing but a note.
@Suite("Paste")
struct PasteTests {
  typealias F = Fixture
  static let first = F.codes[0].canonical
  static let second = F.codes[1].canonical

  // MARK: - Finding codes

  @Test func codesAreFoundInAnEmailSentence() async {
    let email = """
      Dear customer, your activation codes are \(Self.first) (Advanced) and
      "\(Self.second.lowercased())". Kind regards,
      """
    #expect(PastedCodes.pieces(in: email) == [Self.first, Self.second.lowercased()])
  }

  @Test func undashedAndSpacedCodesAreFound() async {
    let undashed = Self.first.filter { $0 != "-" }
    let spaced = Self.second.replacingOccurrences(of: "-", with: " ")
    #expect(PastedCodes.pieces(in: "\(undashed)\n\(spaced).") == [undashed, spaced])
  }

  /// Four words of five letters are a code only when they check: prose is not a code.
  @Test func proseOfFiveLetterWordsIsNotACode() async {
    #expect(PastedCodes.pieces(in: "these three words again, while there").isEmpty)
    #expect(PastedCodes.pieces(in: "ABCDE-FGHJK-MNPQR").isEmpty)
  }

  /// Shape only: a mistyped code is found, so its line shows what is wrong with it.
  @Test func aMistypedCodeIsStillFound() async {
    let mistyped = String(Self.first.dropLast()) + (Self.first.last == "0" ? "1" : "0")
    #expect(PastedCodes.pieces(in: "code: \(mistyped)") == [mistyped])
  }

  // MARK: - Activate Code

  static var activate: State {
    ReducerTests.reached([.activatePressed])
  }

  @Test func twoCodesFillTheFirstTwoLinesAndSubmitNothing() async {
    var h = Harness(Self.activate)
    h.send(.pasted("\(Self.first)\n\(Self.second)\n\n")) {
      $0.activate.lines = [CodeLine(Self.first), CodeLine(Self.second)]
      $0.activate.focusedLine = 1
    }
  }

  @Test func aCodeAlreadyOnALineIsNotEnteredTwice() async {
    var state = Self.activate
    state.activate.lines = [CodeLine(Self.first.lowercased())]
    var h = Harness(state)
    h.send(.pasted("\(Self.first) \(Self.second)")) {
      $0.activate.lines.append(CodeLine(Self.second))
      $0.activate.focusedLine = 1
    }
  }

  @Test func aPasteOnAButtonFillsTheLinesAndPressesNothing() async {
    var state = Self.activate
    state.activate.focus = .button(.next)
    var h = Harness(state)
    h.send(.pasted(Self.first + "\n")) {
      $0.activate.focus = .content
      $0.activate.lines = [CodeLine(Self.first)]
    }
  }

  @Test func partOfACodeIsTypedIntoTheFocusedLine() async {
    var h = Harness(Self.activate)
    h.send(.pasted(" 7K3QM-AB\n")) { $0.activate.lines = [CodeLine("7K3QM-AB")] }
  }

  @Test func severalLinesWithoutACodeLeaveANote() async {
    var h = Harness(Self.activate)
    h.send(.pasted("Hello\nthere\n")) { $0.notice = .noCodeInPaste }
    h.send(.moved(.down)) { $0.notice = nil }
  }

  // MARK: - Elsewhere

  static let elsewhere: [(String, [Action])] = [
    ("overview", []),
    ("plans", ReducerTests.toPlans),
    ("assign", ReducerTests.toAssign),
    ("confirm", ReducerTests.toConfirm),
    ("help", [.helpToggled]),
  ]

  /// On the Overview, Your activated plans, Assign, Confirm and over the help, a paste of
  /// codes, line breaks and letters that are keys there changes nothing but the note.
  @Test(arguments: elsewhere.map(\.0))
  func aPasteElsewhereOnlyLeavesANote(place: String) throws {
    let actions = try #require(Self.elsewhere.first { $0.0 == place }).1
    var h = Harness(ReducerTests.reached(actions))
    h.send(.pasted("a q / \n\n \(Self.first)\n \n")) { $0.notice = .pasteIgnored }
  }

  @Test func aPasteIntoAnOpenFilterFiltersByItsFirstLine() async {
    var state = F.overview
    state.overview.list.editingFilter = true
    var h = Harness(state)
    h.send(
      .pasted("Lab\u{7}\nq"),
      effects: [
        .loadDevices(.overview, filter: "Lab", offset: 0, window: .first(limit: 16)),
        .countDevices(.overview, filter: "Lab"),
      ]
    ) {
      $0.overview.list.filter = "Lab"
      $0.overview.list.rows = []
      $0.overview.list.count = 0
      $0.overview.list.counting = true
    }
  }

  // MARK: - Sight

  @Test func confirmWithNewDatesIsANewSight() async {
    var state = ReducerTests.reached(ReducerTests.toConfirm)
    let shown = state.sight
    state.confirm.top = 1
    #expect(state.sight == shown, "scrolling is the same sight")
    _ = reduce(&state, .commitRefused(.datesChanged(fresh: [:])))
    #expect(state.sight != shown)
  }

  @Test func aNoticeTakesTheKeyLine() async {
    var state = ReducerTests.reached(ReducerTests.toConfirm)
    _ = reduce(&state, .pressedTooEarly)
    let text = render(state, .minimum).text
    #expect(text.contains("Pressed before this screen could be read"), "\(text)")
  }
}
