import Foundation
import Localization
import Wizard

extension Words {
  /// A line of a `--script` walkthrough that cannot be played: `file:line: ` and what is
  /// wrong. The script's own words (type, key, paste, wait, expect, key names) stay as typed.
  public static func text(_ error: Walkthrough.ParseError, _ language: Language = .english)
    -> String
  {
    Display.safe(error.file) + ":" + String(error.line) + ": " + text(error.problem, language)
  }

  /// What is wrong with a line of a script.
  public static func text(_ problem: Walkthrough.Problem, _ language: Language = .english)
    -> String
  {
    switch problem {
    case .unknownCommand(let word):
      language.tr(
        "unknown command '{command}' (type, key, paste, wait, expect)",
        ["command": Display.safe(word)])
    case .nothingToType: language.tr("type needs the text to type")
    case .nothingToPaste: language.tr("paste needs the text to paste")
    case .unknownKey(let name, let known):
      language.tr(
        "unknown key '{key}' ({keys}, or one character)",
        ["key": Display.safe(name), "keys": known.joined(separator: ", ")])
    case .noKeyName: language.tr("key needs a key name, for example: key down")
    case .noDuration: language.tr("wait needs a duration, for example: wait 1.5s or wait 300ms")
    case .expectWithoutQuotes:
      language.tr("expect needs the text in quotes, for example: expect \"Success\"")
    case .badTimeout: language.tr("expect's timeout must be a duration, for example: 10s")
    case .unclosedQuote: language.tr("a quoted text must end with a quote")
    case .demoCodeWithoutDemo(let index):
      language.tr(
        "{code} stands for a demo code: run the script with --demo",
        ["code": "{code\(index)}"])
    }
  }

  /// An `expect` that timed out: where, what, and the screen as it was (as is, line by line).
  public static func text(_ failure: Walkthrough.Failure, _ language: Language = .english)
    -> String
  {
    let components = failure.timeout.components
    let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
    return Display.safe(failure.file) + ":" + String(failure.line) + ": "
      + language.tr(
        "expected \"{text}\" within {seconds} s; the screen shows:",
        ["text": Display.safe(failure.expected), "seconds": String(format: "%g", seconds)])
      + "\n" + failure.screen
  }
}
