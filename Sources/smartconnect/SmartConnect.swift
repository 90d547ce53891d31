import ArgumentParser
import Foundation

/// The root command: the wizard by default, and the non-interactive commands of DESIGN §4.
@main
struct SmartConnect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "smartconnect",
    abstract: "Activate SmartConnect subscriptions for UPS devices.",
    subcommands: [Interactive.self, Overview.self, DeviceCommand.self, Code.self, Activate.self],
    defaultSubcommand: Interactive.self
  )

  static func main() {
    // A file-size limit (`ulimit -f`) would otherwise kill the process with SIGXFSZ in the
    // middle of a write, with the shell's "File size limit exceeded" as the only message.
    // Ignored, the write fails with EFBIG: SQLite rolls the transaction back and the
    // command says why.
    signal(SIGXFSZ, SIG_IGN)
    main(nil)
  }
}
