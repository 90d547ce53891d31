import Foundation
import Testing
@testable import Wizard

/// DESIGN §3's keys, as a table per screen.
@Suite("Key map")
struct KeyMapTests {
  typealias F = Fixture

  static var overview: State { F.overview }
  static var activate: State { ReducerTests.reached([.activatePressed]) }
  static var assign: State { ReducerTests.reached(ReducerTests.toAssign) }
  static var confirm: State { ReducerTests.reached(ReducerTests.toConfirm) }

  static let overviewTable: [(Key, Action?)] = [
    (.character("a"), .activatePressed),
    (.character("q"), .quitPressed),
    (.character("/"), .filterOpened),
    (.character("?"), .helpToggled),
    (.help, .helpToggled),
    (.interrupt, .interrupted),
    (.down, .moved(.down)), (.up, .moved(.up)), (.pageDown, .moved(.pageDown)),
    (.pageUp, .moved(.pageUp)), (.home, .moved(.home)), (.end, .moved(.end)),
    (.escape, .backPressed),
    (.redraw, nil),
    (.space, nil),
  ]

  @Test(arguments: overviewTable)
  func overviewKeys(_ key: Key, _ action: Action?) async {
    #expect(KeyMap.action(for: key, in: Self.overview) == action)
  }

  /// In a code line, letters are text: `a` and `q` type, they do not activate or quit.
  static let activateTable: [(Key, Action?)] = [
    (.character("a"), .codeEdited(line: 0, text: "a")),
    (.character("q"), .codeEdited(line: 0, text: "q")),
    (.character("?"), .helpToggled),
    (.backspace, nil),  // nothing to delete
    (.enter, .submitted),
    (.down, .moved(.down)),
    (.escape, .backPressed),
    (.tab, .focusMoved(forward: true)),
    (.backTab, .focusMoved(forward: false)),
    (.interrupt, .interrupted),
  ]

  @Test(arguments: activateTable)
  func activateKeys(_ key: Key, _ action: Action?) async {
    #expect(KeyMap.action(for: key, in: Self.activate) == action)
  }

  static let assignTable: [(Key, Action?)] = [
    (.space, .deviceToggled(serial: Fixture.basic.serial)),
    (.character("/"), .filterOpened),
    (.enter, .submitted),
    (.character("q"), nil),
    (.pageDown, .moved(.pageDown)),
    (.escape, .backPressed),
  ]

  @Test(arguments: assignTable)
  func assignKeys(_ key: Key, _ action: Action?) async {
    #expect(KeyMap.action(for: key, in: Self.assign) == action)
  }

  @Test func enterPressesTheFocusedButton() async {
    var state = Self.assign
    state.assign.focus = .button(.cancel)
    #expect(KeyMap.action(for: .enter, in: state) == .buttonPressed(.cancel))
    #expect(KeyMap.action(for: .enter, in: Self.confirm) == .buttonPressed(.confirm))
  }

  @Test func filterFieldTakesCharactersAndSpaces() async {
    var state = Self.assign
    state.assign.list.editingFilter = true
    #expect(KeyMap.action(for: .character("?"), in: state) == .filterEdited(.assign, text: "?"))
    #expect(KeyMap.action(for: .space, in: state) == .filterEdited(.assign, text: " "))
    #expect(KeyMap.action(for: .enter, in: state) == .submitted)
  }

  @Test func anyKeyClosesTheHelp() async {
    var state = Self.assign
    state.showingHelp = true
    for key in [Key.space, .enter, .character("a"), .escape, .help] {
      #expect(KeyMap.action(for: key, in: state) == .helpToggled)
    }
    #expect(KeyMap.action(for: .interrupt, in: state) == .interrupted)
  }

  /// Keys become what the person meant: the field's new text, the device under the pointer,
  /// the plan under the pointer.
  @Test func keysMapToIntents() {
    var activate = Self.activate
    activate.activate.lines = [CodeLine("7K3"), CodeLine("AB")]
    activate.activate.focusedLine = 1
    #expect(KeyMap.action(for: .character("c"), in: activate) == .codeEdited(line: 1, text: "ABc"))
    #expect(KeyMap.action(for: .backspace, in: activate) == .codeEdited(line: 1, text: "A"))
    var assign = Self.assign
    assign.assign.list.cursor = 2
    #expect(KeyMap.action(for: .space, in: assign) == .deviceToggled(serial: Fixture.advanced.serial))
    let plans = ReducerTests.reached(ReducerTests.toPlans)
    #expect(KeyMap.action(for: .enter, in: plans) == .planChosen(id: Fixture.advancedPlan.id))
  }
}
