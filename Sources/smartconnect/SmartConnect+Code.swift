import ArgumentParser
import Foundation
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
      discussion: """
        Prints each valid code's canonical form on standard output and, for each malformed \
        one, the input and the reason on standard error. Exit status 0 when every code is \
        well-formed, 1 otherwise.
        """
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
          // The reason goes to stderr (DESIGN §4), so stdout stays a clean list of codes.
          printToStandardError("\(Terminal.printable(input)): \(error.message)")
        }
      }
      if !allValid { throw ExitCode(1) }
    }
  }
}

/// One line on standard error, unbuffered, for refusals.
private func printToStandardError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
