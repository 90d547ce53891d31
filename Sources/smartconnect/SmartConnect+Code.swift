import ArgumentParser
import Subscriptions

extension SmartConnect {
  /// `code check` and, later, `code issue`.
  struct Code: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check or issue activation codes.",
      subcommands: [Check.self]
    )
  }
}

extension SmartConnect.Code {
  /// Offline format check: prints each code's canonical form, or why it is not a code.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check activation codes offline and print their canonical form.",
      discussion: "Exit status 0 when every code is well-formed, 1 otherwise."
    )

    @Argument(help: "One or more activation codes (dashes and spaces optional).")
    var codes: [String]

    func run() throws {
      var allValid = true
      for input in codes {
        do {
          let code = try ActivationCode(parsing: input)
          print(code.canonical)
        } catch {
          allValid = false
          print("\(Terminal.printable(input)): \(error.message)")
        }
      }
      if !allValid { throw ExitCode(1) }
    }
  }
}
