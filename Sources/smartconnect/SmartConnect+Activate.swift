import ArgumentParser
import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Wizard

extension SmartConnect {
  /// Redeems a code and optionally assigns its seats, in one transaction.
  struct Activate: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "activate",
        abstract: CommandLanguage.tr("Activate a code and assign it to devices."),
        discussion: CommandLanguage.tr(
          "Without --device the code is only activated. All devices named get a seat, or none does. Give - as the code to read it from standard input, so it stays out of the shell history and the process list. Once assigned, a plan cannot be changed.")
      )
    }

    @OptionGroup var global: GlobalOptions

    @Argument(
      help: ArgumentHelp(
        CommandLanguage.tr("The activation code, or - to read it from standard input.")))
    var code: String

    @Option(
      name: .customLong("device"),
      help: ArgumentHelp(
        CommandLanguage.tr("A device to assign one seat to (repeat for more)."),
        valueName: "serial"))
    var devices: [String] = []

    @Option(
      name: .customLong("devices-from"),
      help: ArgumentHelp(
        CommandLanguage.tr(
          "A file of serials, one a line, to assign as with --device (for hundreds or thousands of devices: the argument parser slows down past a few thousand arguments)."),
        valueName: "file"))
    var devicesFrom: String?

    @Flag(
      help: ArgumentHelp(
        CommandLanguage.tr("Check everything and show the start dates, but write nothing.")))
    var dryRun = false

    @Flag(help: ArgumentHelp(CommandLanguage.tr("Print the result as JSON.")))
    var json = false

    func validate() throws {
      if let devicesFrom, !FileManager.default.isReadableFile(atPath: devicesFrom) {
        throw GlobalOptions.usage(.unreadableOptionFile(option: "--devices-from", path: devicesFrom))
      }
      var isDirectory: ObjCBool = false
      if let devicesFrom,
        FileManager.default.fileExists(atPath: devicesFrom, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        throw GlobalOptions.usage(.optionFileIsFolder(option: "--devices-from", path: devicesFrom))
      }
    }

    /// `--device` serials, then those of `--devices-from`, in order.
    func serials() throws -> [String] {
      guard let devicesFrom else { return devices }
      let data: Data
      do {
        data = try InputFile.read(devicesFrom)
      } catch {
        throw Refusal(.cannotRead(path: devicesFrom, reason: error.localizedDescription))
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw Refusal(.notUTF8(path: devicesFrom))
      }
      let listed = text.split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      // An empty file is a mistake (the wrong file, an export that failed), not a request to
      // only activate the code: that would be a write nobody asked for.
      guard !listed.isEmpty else {
        throw Refusal(.noSerialsListed(path: devicesFrom))
      }
      return devices + listed
    }

    func run() async throws {
      let parsed: ActivationCode
      do {
        parsed = try ActivationCode(parsing: try codeText())
      } catch let error as CodeError {
        throw Refusal(.badCode(error))
      }
      let serials = try serials()
      let (global, dryRun) = (global, dryRun)
      let outcome = try await Interruption.stopping {
        try await global.openStore().activate(
          parsed, assigning: serials, dryRun: dryRun, context: global.context())
      }
      if json {
        JSONOutput.print(JSONOutput.activation(outcome))
      } else {
        print(Self.describe(outcome, dryRun: dryRun, global.language))
      }
    }

    /// The code as given, or the first line of standard input for `-`.
    func codeText() throws -> String {
      guard code == "-" else { return code }
      let prompt = CommandWords.text(.codePrompt, global.language)
      guard let line = SecretInput.readLine(prompt: prompt) else {
        throw Refusal(.noCodeOnStandardInput)
      }
      return line
    }

    /// The outcome in words: the plan and its seats left, then one line a device with its
    /// dates (RFC 3339, as in the JSON, in every language).
    static func describe(_ outcome: ActivationOutcome, dryRun: Bool, _ language: Language)
      -> String
    {
      let plan = outcome.plan
      let summary = language.trn(
        "{code}: {plan}, {n} seat left.", "{code}: {plan}, {n} seats left.",
        count: plan.seatsLeft, ["code": plan.maskedCode, "plan": Words.plan(plan.plan, language)])
      var lines = [(dryRun ? language.tr("Dry run, nothing written.") + " " : "") + summary]
      for license in outcome.licenses {
        lines.append(
          "  " + Display.safe(license.device) + "  "
            + language.tr(
              "{tier} {kind}, {start} to {end}",
              [
                "tier": Words.tier(license.tier, language),
                "kind": Words.kind(license.kind, language),
                "start": Timestamp.format(license.start), "end": Timestamp.format(license.end),
              ]))
      }
      return lines.joined(separator: "\n")
    }
  }
}
