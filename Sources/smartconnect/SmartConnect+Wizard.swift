import ArgumentParser
import CursesTerminal
import Foundation
import SubscriptionStore
import Subscriptions
import Wizard

extension SmartConnect {
  /// The wizard, the default command: full screen where the terminal can address the
  /// cursor, line-by-line prompts where it cannot (or with `--plain`).
  struct Interactive: ParsableCommand {
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

    func validate() throws {
      if demo && global.store != nil {
        throw ValidationError(
          "--demo runs on a fresh temporary store of its own: leave out --store, or leave out "
            + "--demo to open that store.")
      }
    }

    func run() throws {
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
      let session = try openStore(now: clock())
      defer { session.close() }

      let driver = WizardDriver(
        store: session.store, clock: clock, operatorName: global.resolvedOperator,
        host: GlobalOptions.host, demoCodes: session.demoCodes)
      let status: Int32
      do {
        switch (kind, plain) {
        case (.lineByLine(let reason), _):
          status = try PlainFrontEnd(reason: reason).run(driver)
        case (_, true):
          status = try PlainFrontEnd().run(driver)
        default:
          status = try CursesFrontEnd(environment: environment).run(driver)
        }
      } catch {
        FileHandle.standardError.write(Data("smartconnect: \(error.message)\n".utf8))
        throw ExitCode(1)
      }
      if status != 0 { throw ExitCode(status) }
    }

    /// The store the wizard runs on: the user's, or a fresh demo store.
    private func openStore(now: Date) throws -> WizardStore {
      do {
        if demo { return try WizardStore.demo(now: now) }
        return WizardStore(store: try global.openStore(), demoCodes: [], temporaryFolder: nil)
      } catch let error as StoreError {
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
