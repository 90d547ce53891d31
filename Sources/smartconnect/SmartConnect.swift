import ArgumentParser
import Foundation

/// The root command: the wizard by default, and the non-interactive commands of DESIGN §4.
@main
struct SmartConnect: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "smartconnect",
    abstract: "Activate SmartConnect subscriptions for UPS devices.",
    subcommands: [Interactive.self, Overview.self, DeviceCommand.self, Code.self, Activate.self, StoreCommand.self],
    defaultSubcommand: Interactive.self
  )

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
    await main(nil)
  }
}
