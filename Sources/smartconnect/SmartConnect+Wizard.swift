import ArgumentParser
import CursesTerminal
import Foundation
import SubscriptionStore
import Subscriptions
import UPSDiscovery
import Wizard

extension SmartConnect {
  /// The wizard, the default command: full screen where the terminal can address the
  /// cursor, line-by-line prompts where it cannot (or with `--plain`).
  struct Interactive: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "wizard",
        abstract: CommandLanguage.tr(
          "Activate codes and assign plans to devices, screen by screen (the default)."),
        discussion: CommandLanguage.tr(
          "Runs full screen on a terminal that can address the cursor, and as line-by-line prompts on one that cannot (TERM=dumb, an unknown TERM) or with --plain. Needs a terminal: scripts use the non-interactive commands.")
      )
    }

    @OptionGroup var global: GlobalOptions

    @Flag(
      help: ArgumentHelp(
        CommandLanguage.tr(
          "Run on a fresh temporary store seeded with a sample fleet and demo codes.")))
    var demo = false

    @Flag(
      help: ArgumentHelp(
        CommandLanguage.tr(
          "Line-by-line prompts instead of the full screen (serial console, screen reader).")))
    var plain = false

    @Option(
      help: ArgumentHelp(
        CommandLanguage.tr(
          "Record the session as an asciicast v2 file (asciinema play FILE); codes typed on a real store are recorded masked."),
        valueName: "FILE.cast"))
    var record: String?

    @Option(
      help: ArgumentHelp(
        CommandLanguage.tr(
          "Play a walkthrough script through the wizard (format: README, Giving a demo)."),
        valueName: "FILE"))
    var script: String?

    @Option(
      help: ArgumentHelp(
        CommandLanguage.tr(
          "How much faster than written a --script plays its pauses (2 = twice as fast).")))
    var speed: Double = 1

    @Option(
      name: .customLong("nut"),
      help: ArgumentHelp(
        CommandLanguage.tr(
          "The upsd that serves this gateway's UPS units: Assign marks them, the Overview offers to add the new ones (env SMARTCONNECT_NUT, 'off' for none; default localhost; --demo asks only this one)."),
        valueName: "host[:port]"))
    var nut: String?

    @Flag(
      name: .customLong("no-nut"),
      help: ArgumentHelp(CommandLanguage.tr("Do not ask any upsd for this gateway's UPS units.")))
    var noNUT = false

    func validate() throws {
      if !(speed > 0 && speed <= 1000) {
        throw GlobalOptions.usage(.speedOutOfRange)
      }
      if plain && (record != nil || script != nil) {
        throw GlobalOptions.usage(.plainWithRecording)
      }
      if noNUT && nut != nil {
        throw GlobalOptions.usage(.nutAndNoNUT)
      }
      if case .failure(let error) = gatewayEndpoint {
        throw GlobalOptions.usage(error.message)
      }
      if demo && global.store != nil {
        throw GlobalOptions.usage(.demoWithStore)
      }
    }

    func run() async throws {
      let environment = ProcessInfo.processInfo.environment
      let kind = TerminalProbe.probe(environment: environment)
      if kind == .none {
        Self.sayOnStandardError(CommandWords.text(.noTerminal, global.language))
        throw ExitCode(1)
      }
      // --now pins the clock for walkthroughs; otherwise every screen reads the real one.
      let clock: @Sendable () -> Date
      if let pinned = global.pinnedNow {
        clock = { pinned }
      } else {
        clock = { Date() }
      }
      let session = try await openStore(now: clock())
      defer { session.close() }
      let walkthrough = try readScript(demoCodes: session.demoCodes)
      if (record != nil || script != nil) && kind != .fullScreen {
        Self.sayOnStandardError(
          CommandWords.text(
            .recordingNeedsFullScreen(term: environment["TERM"] ?? ""), global.language) + "\n")
        throw ExitCode(1)
      }

      let store = session.store
      let operatorName = global.resolvedOperator
      let demoCodes = session.demoCodes
      let language = global.language
      let plain = plain
      let speed = speed
      let recording = record.map { CursesFrontEnd.Recording(path: $0, masksCodes: !demo) }
      let scanner = (try? gatewayEndpoint.get())?.map(WizardGateway.scanner)
      // The terminal loop blocks in poll(): it gets a thread of its own, so the store's
      // tasks always have the concurrency pool to run on (a one-core gateway included).
      let (status, report): (Int32, ExitReport?) = try await Self.onOwnThread {
        () throws(TerminalError) -> (Int32, ExitReport?) in
        let driver = WizardDriver(
          store: store, clock: clock, operatorName: operatorName, host: GlobalOptions.host,
          demoCodes: demoCodes, language: language, gatewayScanner: scanner)
        let status: Int32
        switch (kind, plain) {
        case (.lineByLine(let reason), _):
          status = try PlainFrontEnd(reason: reason).run(driver)
        case (_, true):
          status = try PlainFrontEnd().run(driver)
        default:
          let frontEnd = CursesFrontEnd(
            environment: environment, walkthrough: walkthrough, speed: speed,
            recording: recording)
          status = try frontEnd.run(driver)
          if let failure = frontEnd.failure {
            Self.sayOnStandardError("smartconnect: " + Words.text(failure, language) + "\n")
          }
        }
        return (status, driver.exitReport)
      }
      if let report {
        Self.sayOnStandardError("smartconnect: " + Words.text(report, language) + "\n")
      }
      if status != 0 { throw ExitCode(status) }
    }

    /// The upsd this wizard asks for the gateway's units (`WizardGateway`).
    var gatewayEndpoint: Result<NUTEndpoint?, WizardGateway.Problem> {
      WizardGateway.endpoint(
        option: nut, disabled: noNUT, demo: demo, environment: global.environment)
    }

    /// Runs `body` on a new thread and waits for it without holding a thread of the pool.
    /// A terminal error becomes the one line the technician sees, and exit 1.
    static func onOwnThread<T: Sendable>(
      _ body: @escaping @Sendable () throws(TerminalError) -> T
    ) async throws -> T {
      let result: Result<T, TerminalError> = await withCheckedContinuation { continuation in
        let thread = Thread {
          do throws(TerminalError) {
            continuation.resume(returning: .success(try body()))
          } catch {
            continuation.resume(returning: .failure(error))
          }
        }
        thread.stackSize = 8 << 20
        thread.start()
      }
      switch result {
      case .success(let value):
        return value
      case .failure(let error):
        sayOnStandardError(
          "smartconnect: " + Words.text(error, CommandLanguage.current) + "\n")
        throw ExitCode(1)
      }
    }

    /// The walkthrough `--script` names, parsed (a file that cannot be read or played is a
    /// usage error, exit 64, before the screen starts).
    private func readScript(demoCodes: [String]) throws -> Walkthrough? {
      guard let script else { return nil }
      let text: String
      do {
        text = try String(contentsOfFile: script, encoding: .utf8)
      } catch {
        Self.sayOnStandardError(
          CommandWords.text(
            .cannotReadScript(path: script, reason: error.localizedDescription), global.language)
            + "\n")
        throw ExitCode(64)
      }
      do {
        return try Walkthrough(parsing: text, file: script, demoCodes: demoCodes)
      } catch {
        Self.sayOnStandardError(
          "smartconnect: " + Words.text(error, global.language) + "\n")
        throw ExitCode(64)
      }
    }

    /// The store the wizard runs on: the user's, or a fresh demo store.
    private func openStore(now: Date) async throws -> WizardStore {
      do {
        if demo { return try await WizardStore.demo(now: now) }
        return WizardStore(store: try await global.openStore(), demoCodes: [], temporaryFolder: nil)
      } catch {
        Self.sayOnStandardError("smartconnect: " + Words.text(error, global.language) + "\n")
        throw ExitCode(1)
      }
    }

    /// Text on standard error, unbuffered, as it is.
    static func sayOnStandardError(_ text: String) {
      StandardStreams.err(text)
    }
  }
}
