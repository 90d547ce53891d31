import ArgumentParser

/// The root command: the wizard by default, and the non-interactive commands of DESIGN §4.
@main
struct SmartConnect: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "smartconnect",
    abstract: "Activate SmartConnect subscriptions for UPS devices.",
    subcommands: [Interactive.self, Overview.self, DeviceCommand.self, Code.self, Activate.self],
    defaultSubcommand: Interactive.self
  )
}
