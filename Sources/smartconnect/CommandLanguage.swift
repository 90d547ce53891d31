import Foundation
import Localization

/// The language the command line speaks, chosen before the arguments are parsed: `--help`,
/// the abstracts and the errors the parser prints need it before any command exists.
/// `--lang CODE` (or `--lang=CODE`) anywhere before `--`, else the locale (POSIX order,
/// `LANGUAGE`), as `GlobalOptions.language` resolves it once parsed.
enum CommandLanguage {
  static let current: Language = resolve(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment)

  static func resolve(arguments: [String], environment: [String: String]) -> Language {
    var override: String?
    var index = 0
    while index < arguments.count, arguments[index] != "--" {
      let argument = arguments[index]
      if argument == "--lang", index + 1 < arguments.count {
        override = arguments[index + 1]
        index += 1
      } else if argument.hasPrefix("--lang=") {
        override = String(argument.dropFirst("--lang=".count))
      }
      index += 1
    }
    return Language.resolve(override: override, environment: environment)
  }

  /// `msgid` in the command line's language (help texts, abstracts).
  static func tr(_ msgid: String, _ arguments: [String: String] = [:]) -> String {
    current.tr(msgid, arguments)
  }
}
