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
    static let configuration = CommandConfiguration(
      commandName: "wizard",
      abstract: "Activate codes and assign plans to devices, screen by screen (the default).",
      discussion: """
        Runs full screen on a terminal that can address the cursor, and as line-by-line \
        prompts on one that cannot (TERM=dumb, an unknown TERM) or with --plain. Needs a \
        terminal: scripts use the non-interactive commands.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Run on a fresh temporary store seeded with a sample fleet and demo codes.")
    var demo = false

    @Flag(help: "Line-by-line prompts instead of the full screen (serial console, screen reader).")
    var plain = false

    @Option(
      help: ArgumentHelp(
        "Record the session as an asciicast v2 file (asciinema play FILE); codes typed on a "
          + "real store are recorded masked.", valueName: "FILE.cast"))
    var record: String?

    @Option(
      help: ArgumentHelp(
        "Play a walkthrough script through the wizard (format: README, Giving a demo).",
        valueName: "FILE"))
    var script: String?

    @Option(help: "How much faster than written a --script plays its pauses (2 = twice as fast).")
    var speed: Double = 1

    @Option(
      name: .customLong("nut"),
      help: ArgumentHelp(
        "The upsd that serves this gateway's UPS units: Assign marks them, the Overview offers "
          + "to add the new ones (env SMARTCONNECT_NUT, 'off' for none; default localhost; "
          + "--demo asks only this one).", valueName: "host[:port]"))
    var nut: String?

    @Flag(name: .customLong("no-nut"), help: "Do not ask any upsd for this gateway's UPS units.")
    var noNUT = false

    func validate() throws {
      if !(speed > 0 && speed <= 1000) {
        throw ValidationError("--speed must be a number above 0 (1 plays as written, 2 twice as fast).")
      }
      if plain && (record != nil || script != nil) {
        throw ValidationError(
          "--record and --script run the full screen: leave out --plain.")
      }
      if noNUT && nut != nil {
        throw ValidationError("--nut names a upsd to ask and --no-nut asks none: give one of them.")
      }
      if case .failure(let error) = gatewayEndpoint {
        throw ValidationError(error.message)
      }
      if demo && global.store != nil {
        throw ValidationError(
          "--demo runs on a fresh temporary store of its own: leave out --store, or leave out "
            + "--demo to open that store.")
      }
    }

    func run() async throws {
      let environment = ProcessInfo.processInfo.environment
      let kind = TerminalProbe.probe(environment: environment)
      if kind == .none {
        FileHandle.standardError.write(Data(Self.noTerminalMessage.utf8))
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
        FileHandle.standardError.write(
          Data("smartconnect: --record and --script need a terminal that can address the cursor (TERM=\(environment["TERM"] ?? "")).\n".utf8))
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
      let (status, report): (Int32, String?) = try await Self.onOwnThread {
        () throws(TerminalError) -> (Int32, String?) in
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
            FileHandle.standardError.write(Data("smartconnect: \(failure)\n".utf8))
          }
        }
        return (status, driver.exitReport)
      }
      if let report { FileHandle.standardError.write(Data("smartconnect: \(report)\n".utf8)) }
      if status != 0 { throw ExitCode(status) }
    }

    /// The upsd this wizard asks for the gateway's units (`WizardGateway`).
    var gatewayEndpoint: Result<NUTEndpoint?, WizardGatewayError> {
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
        FileHandle.standardError.write(Data("smartconnect: \(error.message)\n".utf8))
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
        FileHandle.standardError.write(
          Data("smartconnect: cannot read the script \(script): \(error.localizedDescription)\n".utf8))
        throw ExitCode(64)
      }
      do {
        return try Walkthrough(parsing: text, file: script, demoCodes: demoCodes)
      } catch {
        FileHandle.standardError.write(Data("smartconnect: \(error)\n".utf8))
        throw ExitCode(64)
      }
    }

    /// The store the wizard runs on: the user's, or a fresh demo store.
    private func openStore(now: Date) async throws -> WizardStore {
      do {
        if demo { return try await WizardStore.demo(now: now) }
        return WizardStore(store: try await global.openStore(), demoCodes: [], temporaryFolder: nil)
      } catch {
        FileHandle.standardError.write(Data("smartconnect: \(error.message)\n".utf8))
        throw ExitCode(1)
      }
    }

    static let noTerminalMessage = """
      smartconnect: the wizard needs a terminal, and standard input or output is not one.
      Without a terminal, use the non-interactive commands:
        smartconnect overview [--json]            devices, licenses and plans
        smartconnect device add SERIAL --name NAME
        smartconnect device import FILE.csv
        smartconnect code issue --tier T --term-months N --seats N
        smartconnect code check CODE...
        smartconnect activate CODE [--device SERIAL]... [--dry-run] [--json]
      See 'smartconnect help <command>' for each.

      """
  }
}
