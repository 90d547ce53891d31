import CNCurses
import Foundation
import Localization
import Wizard

/// The same wizard as line-by-line prompts: each screen printed as plain lines, numbered
/// choices, "Enter 'YES' to confirm". For a terminal that cannot address the cursor (a
/// serial console, TERM=dumb), for screen readers, and for `--plain`.
///
/// It drives the wizard's own state machine: every answer becomes the actions the keys
/// would have sent (`WizardDriver.send`), and what it prints is read from `driver.state`.
public final class PlainFrontEnd {
  private let reason: PlainReason?
  private let output: Int32
  private var unicode = true

  /// - Parameter reason: why the full screen is not used, said once at the start.
  public init(reason: PlainReason? = nil, output: Int32 = STDOUT_FILENO) {
    self.reason = reason
    self.output = output
  }

  /// Runs `driver` until the wizard quits or the input ends: 0 then, 128 + the signal for
  /// SIGINT, SIGTERM or SIGHUP (a confirm under way completes first).
  public func run(_ driver: WizardDriver) throws(TerminalError) -> Int32 {
    let signals = try SignalWatch()
    defer { signals.close() }
    // Under LANG=C every character printed is ASCII, as on the full screen.
    unicode = TerminalLocale.adopt()
    let input = LineInput(signals: signals)

    let language = driver.state.language
    if let reason {
      say(language.tr("Line-by-line mode: {reason}.", ["reason": Self.text(reason, language)]))
    }
    say(
      language.tr(
        "Answer each question and press Enter. Ctrl-D or 'quit' on the Overview leaves."))
    // Every way out first settles a write under way, so it can be reported.
    defer { driver.finish() }
    driver.start()
    driver.waitUntilIdle()
    var showScreen = true
    while true {
      // What came back meanwhile without being waited for (the gateway's upsd, asked beside
      // the store and never waited for) shows in this prompt.
      if driver.receive() { driver.waitUntilIdle() }
      let prompt = PlainPrompt.make(for: driver)
      if showScreen {
        say("")
        for line in prompt.body { say(line) }
        for (index, choice) in prompt.choices.enumerated() {
          say("  \(index + 1). \(choice.label)")
        }
      }
      // Confirm (and the gateway's units to add) takes only an answer typed after its
      // question was asked: lines typed or pasted ahead were meant for a screen the person
      // had not read.
      if showScreen && driver.state.sight.writesOnEnter { input.discardWaiting() }
      write(prompt.question)
      let line: String
      switch input.readLine() {
      case .success(let text): line = text
      case .failure(.endOfInput):
        say("")
        say(language.tr("Input ended: leaving. Nothing unconfirmed was written."))
        return 0
      case .failure(.signal(let signal)):
        say("")
        return 128 + signal
      }
      switch prompt.answer(line.trimmingCharacters(in: .whitespaces)) {
      case .changed:
        showScreen = true
      case .invalid(let message):
        say(message)
        showScreen = false
      case .quit:
        return 0
      }
    }
  }

  /// Why the full screen is not used, in words.
  static func text(_ reason: PlainReason, _ language: Language) -> String {
    switch reason {
    case .termNotSet: language.tr("TERM is not set")
    case .dumb: language.tr("TERM=dumb cannot move the cursor")
    case .noTerminfo(let term):
      language.tr(
        "TERM={term} has no terminfo entry on this machine", ["term": Display.safe(term)])
    case .cannotAddressCursor(let term):
      language.tr("TERM={term} cannot address the cursor", ["term": Display.safe(term)])
    }
  }

  private func say(_ text: String) { write(text + "\n") }

  private func write(_ text: String) {
    var shown = ""
    for character in text {
      if character == "\n" || unicode {
        shown.append(character == "\n" ? "\n" : Glyphs.displayable(character, unicode: true))
      } else {
        // Cell by cell, as on the full screen: a name keeps its width and columns hold.
        for (unit, width) in Display.cellUnits(character) {
          shown += Glyphs.ascii(unit, width: width)
        }
      }
    }
    let bytes = Array(shown.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { rest in
        rest.baseAddress.map { Glibc.write(output, $0, rest.count) } ?? 0
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      offset += written
    }
  }
}
