import Foundation
import Testing
import Localization
import Wizard

@testable import CursesTerminal

/// The walkthrough script format and its player (issue 16 §3), and the recording's text.
@Suite struct WalkthroughTests {
  @Test func everyCommandParses() throws {
    let script = try Walkthrough(
      parsing: """
        # a comment

        type {code1}
        key down space Enter x
        paste "A\\nB \\"c\\""
        wait 1.5s
        wait 300ms
        expect "Success" 10s
        expect "Next"
        """, file: "demo.txt", demoCodes: ["AAAAA-BBBBB-CCCCC-DDDDD"])
    #expect(script.commands.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
    #expect(
      script.commands.map(\.command) == [
        .type("AAAAA-BBBBB-CCCCC-DDDDD"), .keys([.down, .space, .enter, .character("x")]),
        .paste("A\nB \"c\""), .wait(.milliseconds(1500)), .wait(.milliseconds(300)),
        .expect("Success", timeout: .seconds(10)), .expect("Next", timeout: .seconds(5)),
      ])
  }

  @Test(arguments: [
    ("tpye abc", "demo.txt:1: unknown command 'tpye'"),
    ("key sideways", "demo.txt:1: unknown key 'sideways'"),
    ("wait soon", "demo.txt:1: wait needs a duration"),
    ("expect Success", "demo.txt:1: expect needs the text in quotes"),
    ("type {code1}", "demo.txt:1: {code1} stands for a demo code: run the script with --demo"),
  ])
  func aBadLineIsNamed(line: String, message: String) {
    #expect {
      try Walkthrough(parsing: line, file: "demo.txt", demoCodes: [])
    } throws: { error in
      "\(error)".hasPrefix(message)
    }
  }

  /// Every problem a script line can have, in every language: translated, its placeholders
  /// filled, the script's own words (commands, key names) kept as typed.
  @Test(arguments: [Language.french, .german, .italian, .portuguese, .russian, .spanish, .japanese])
  func aBadLineIsNamedInTheTechniciansLanguage(language: Language) {
    let problems: [Walkthrough.Problem] = [
      .unknownCommand("tpye"), .nothingToType, .nothingToPaste,
      .unknownKey("sideways", known: ["down", "up"]), .noKeyName, .noDuration,
      .expectWithoutQuotes, .badTimeout, .unclosedQuote, .demoCodeWithoutDemo(index: 2),
    ]
    for problem in problems {
      let error = Walkthrough.ParseError(file: "demo.txt", line: 3, problem: problem)
      let words = Words.text(error, language)
      #expect(words.hasPrefix("demo.txt:3: "), "\(language): \(words)")
      #expect(words != Words.text(error), "\(language): \(words)")
      #expect(!words.contains("{") || words.contains("{code2}"), "\(language): \(words)")
    }
    #expect(Words.text(Walkthrough.Problem.unknownCommand("tpye"), language).contains("'tpye'"))
    #expect(Words.text(Walkthrough.Problem.demoCodeWithoutDemo(index: 2), language).contains("{code2}"))
  }

  @Test func thePlayerTypesKeyByKeyWaitsAndExpects() throws {
    let script = try Walkthrough(
      parsing: "type ab\nwait 1s\nexpect \"Done\" 2s\nkey enter", file: "t.txt", demoCodes: [])
    var player = WalkthroughPlayer(script, speed: 2)
    let start = ContinuousClock.now
    var screen = "Working"
    #expect(player.next(now: start) { screen } == .input(.key(.character("a"))))
    #expect(player.next(now: start) { screen } == .sleep(until: start + .milliseconds(30)))
    #expect(player.next(now: start + .milliseconds(30)) { screen } == .input(.key(.character("b"))))
    // wait 1s at speed 2 is half a second, after the 30 ms keystroke.
    let afterWait = start + .milliseconds(560)
    #expect(player.next(now: afterWait - .milliseconds(1)) { screen }
      == .sleep(until: afterWait))
    #expect(player.next(now: afterWait) { screen } == .sleep(until: afterWait + .milliseconds(50)))
    screen = "All Done"
    #expect(player.next(now: afterWait + .milliseconds(50)) { screen } == .input(.key(.enter)))
    #expect(player.next(now: afterWait + .seconds(1)) { screen } == .done)
  }

  @Test func anExpectThatTimesOutSaysWhereAndShowsTheScreen() throws {
    let script = try Walkthrough(parsing: "\nexpect \"Success\" 1s", file: "t.txt", demoCodes: [])
    var player = WalkthroughPlayer(script, speed: 10)
    let start = ContinuousClock.now
    _ = player.next(now: start) { "Confirm" }
    #expect(
      player.next(now: start + .seconds(1)) { "Confirm" }
        == .failed(
          Walkthrough.Failure(
            file: "t.txt", line: 2, expected: "Success", timeout: .seconds(1), screen: "Confirm")))
    let failure = Walkthrough.Failure(
      file: "t.txt", line: 2, expected: "Success", timeout: .milliseconds(1500), screen: "Confirm")
    #expect(
      Words.text(failure) == "t.txt:2: expected \"Success\" within 1.5 s; the screen shows:\nConfirm")
    #expect(
      Words.text(failure, .french)
        == "t.txt:2: \"Success\" attendu en 1.5 s ; l'écran affiche :\nConfirm")
  }

  @Test func jsonStringsEscapeControlsAndQuotes() {
    #expect(AsciicastRecorder.json("a\"b\\c\u{1B}[0m\n") == "\"a\\\"b\\\\c\\u001b[0m\\n\"")
  }

  @Test func aFrameSendsOnlyTheRowsThatChanged() {
    var first = ScreenBuffer(size: Size(width: 4, height: 2))
    first.write("ab", row: 0, column: 0)
    var second = first
    second.write("cd", row: 1, column: 0, role: .warning)
    let whole = AnsiFrame.encode(first, since: nil)
    #expect(whole.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
    let change = AnsiFrame.encode(second, since: first)
    #expect(!change.contains("\u{1B}[1;1H"))
    #expect(change.contains("\u{1B}[2;1H\u{1B}[0;4;30;43mcd"))
  }

  @Test func aTypedCodeIsMaskedButItsLastGroup() {
    #expect(Display.maskedInput("7K3QM-9XR2T-B8") == "*****-*****-**")
    #expect(Display.maskedInput("7k3qm 9xr2t b8vn4 hdwps") == "***** ***** ***** hdwps")
  }
}
