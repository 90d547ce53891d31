import ArgumentParser
import Foundation
import SubscriptionStore
import Wizard

/// The root command: the wizard by default, and the non-interactive commands of DESIGN §4.
@main
struct SmartConnect: AsyncParsableCommand {
  // Computed, not stored: the abstracts and help texts are in the language chosen before
  // parsing (`CommandLanguage`), so `--lang fr --help` is French.
  static var configuration: CommandConfiguration {
    CommandConfiguration(
      commandName: "smartconnect",
      abstract: CommandLanguage.tr("Activate SmartConnect subscriptions for UPS devices."),
      subcommands: [
        Interactive.self, Overview.self, DeviceCommand.self, Code.self, Activate.self,
        StoreCommand.self,
      ],
      defaultSubcommand: Interactive.self
    )
  }

  /// The word before an error ArgumentParser prints (`Error: `), in the command line's
  /// language. ArgumentParser's own messages (a missing argument, an unknown option) and
  /// its help headings stay English: it has no way to translate them.
  static var _errorPrefix: String { CommandLanguage.tr("Error: ") }

  /// DESIGN §4 writes the global options before the command (`smartconnect --store S
  /// overview`); declared here too, ArgumentParser hands their values to each
  /// subcommand's `@OptionGroup var global: GlobalOptions`.
  @OptionGroup var global: GlobalOptions

  static func main() async {
    // A file-size limit (`ulimit -f`) would otherwise kill the process with SIGXFSZ in the
    // middle of a write, with the shell's "File size limit exceeded" as the only message.
    // Ignored, the write fails with EFBIG: SQLite rolls the transaction back and the
    // command says why.
    signal(SIGXFSZ, SIG_IGN)
    // As AsyncParsableCommand.main, except that the error a command ends with is put into
    // words here, at the edge: commands throw values (`Refusal`, `StoreError`, `CodeError`).
    do {
      var command = try await asyncParseAsRoot(nil)
      if var command = command as? AsyncParsableCommand {
        try await command.run()
      } else {
        try command.run()
      }
    } catch let stopped as Interruption.Stopped {
      StandardStreams.err(Words.text(StoreError.cancelled, CommandLanguage.current) + "\n")
      exit(withError: ExitCode(stopped.status))
    } catch {
      exit(withError: CommandWords.worded(error, CommandLanguage.current))
    }
  }
}
