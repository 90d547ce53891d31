import ArgumentParser
import Foundation
import Localization
import SubscriptionStore
import Subscriptions

extension SmartConnect {
  /// `code check` and `code issue`.
  struct Code: ParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "code",
        abstract: CommandLanguage.tr("Check or issue activation codes."),
        subcommands: [Check.self, Issue.self]
      )
    }
  }
}

extension SmartConnect.Code {
  /// Offline format check: prints each code's canonical form, or why it is not a code.
  struct Check: ParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "check",
        abstract: CommandLanguage.tr(
          "Check activation codes offline and print their canonical form."),
        discussion: CommandLanguage.tr(
          "Prints each valid code's canonical form on standard output and, for each malformed one, the input and the reason on standard error. Exit status 0 when every code is well-formed, 1 otherwise.")
      )
    }

    @Argument(
      help: ArgumentHelp(
        CommandLanguage.tr("One or more activation codes (dashes and spaces optional).")))
    var codes: [String]

    func run() throws {
      let language = CommandLanguage.current
      var allValid = true
      for input in codes {
        do {
          let code = try ActivationCode(parsing: input)
          print(code.canonical)
        } catch {
          allValid = false
          // The reason goes to stderr (DESIGN §4), so stdout stays a clean list of codes.
          printToStandardError(
            CommandWords.text(.badCodeInput(echoed: Self.echoed(input, language), error), language))
        }
      }
      if !allValid { throw ExitCode(1) }
    }

    /// The input as echoed before its reason, cut when long: a pasted paragraph or file
    /// (10 000 characters) would otherwise bury the one line that says what is wrong.
    static func echoed(_ input: String, _ language: Language) -> String {
      guard input.count > 40 else { return input }
      return input.prefix(32) + "… "
        + language.trn("({n} character)", "({n} characters)", count: input.count)
    }
  }
}

/// One line on standard error, unbuffered, for refusals.
private func printToStandardError(_ line: String) {
  StandardStreams.err(line + "\n")
}

extension Tier: ExpressibleByArgument {
  public init?(argument: String) {
    guard let tier = Tier(name: argument), Tier.sold.contains(tier) else { return nil }
    self = tier
  }

  public static var allValueStrings: [String] { Tier.sold.map(\.name) }
}

extension SmartConnect.Code {
  /// Stands in for the vendor: records new codes for a plan and prints them, one a line.
  struct Issue: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "issue",
        abstract: CommandLanguage.tr(
          "Issue activation codes for a plan and print them, one a line."),
        discussion: CommandLanguage.tr(
          "Codes come from the system's secure random source. This is the only command that prints codes in full; everywhere else they are masked.")
      )
    }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp(CommandLanguage.tr("The plan's tier.")))
    var tier: Tier

    @Option(
      name: .customLong("term-months"),
      help: ArgumentHelp(CommandLanguage.tr("The term in whole months (1-1200).")))
    var termMonths: Int

    @Option(help: ArgumentHelp(CommandLanguage.tr("How many devices one code can be assigned to.")))
    var seats: Int

    @Option(help: ArgumentHelp(CommandLanguage.tr("How many codes to issue (1-10000).")))
    var count: Int = 1

    @Option(
      name: .customLong("redeem-by"),
      help: ArgumentHelp(
        CommandLanguage.tr("Last day (UTC, inclusive) or instant the codes can be activated."),
        valueName: "date"))
    var redeemBy: String?

    func validate() throws {
      // The tier is one that is sold: ArgumentParser takes no other.
      guard Plan.termMonthsRange.contains(termMonths) else {
        throw GlobalOptions.usage(.termOutOfRange)
      }
      guard Plan.seatsRange.contains(seats) else { throw GlobalOptions.usage(.seatsOutOfRange) }
      guard (1...10_000).contains(count) else { throw GlobalOptions.usage(.countOutOfRange) }
      if let redeemBy {
        do {
          _ = try Self.redeemByInstant(redeemBy)
        } catch {
          throw GlobalOptions.usage(.badInstant(option: "--redeem-by", error))
        }
      }
    }

    var plan: Plan {
      Plan(
        tier: tier, termMonths: termMonths, seats: seats,
        redeemBy: redeemBy.flatMap { try? Self.redeemByInstant($0) })
    }

    /// A bare date means the whole of that day, so `--redeem-by 2027-06-30` still accepts
    /// an activation at 2027-06-30T17:00Z.
    static func redeemByInstant(_ text: String) throws(TimestampError) -> Date {
      let instant = try Timestamp.parse(text)
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      guard trimmed.count == 10 else { return instant }
      return instant.addingTimeInterval(86_400 - 1)
    }

    func run() async throws {
      var random = SystemRandomNumberGenerator()
      let codes = (0..<count).map { _ in ActivationCode.generate(using: &random) }
      let (global, plan) = (global, plan)
      try await Interruption.stopping {
        try await global.openStore().issue(plan, codes: codes, context: global.context())
      }
      print(codes.map(\.canonical).joined(separator: "\n"))
    }
  }
}
