import ArgumentParser
import Foundation
import SubscriptionStore
import Subscriptions

extension SmartConnect {
  /// Redeems a code and optionally assigns its seats, in one transaction.
  struct Activate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Activate a code and assign it to devices.",
      discussion: """
        Without --device the code is only activated. All devices named get a seat, or none \
        does. Give - as the code to read it from standard input, so it stays out of the \
        shell history and the process list. Once assigned, a plan cannot be changed.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The activation code, or - to read it from standard input."))
    var code: String

    @Option(
      name: .customLong("device"),
      help: ArgumentHelp("A device to assign one seat to (repeat for more).", valueName: "serial"))
    var devices: [String] = []

    @Option(
      name: .customLong("devices-from"),
      help: ArgumentHelp(
        "A file of serials, one a line, to assign as with --device (for hundreds or thousands "
          + "of devices: the argument parser slows down past a few thousand arguments).",
        valueName: "file"))
    var devicesFrom: String?

    @Flag(help: "Check everything and show the start dates, but write nothing.")
    var dryRun = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
      if let devicesFrom, !FileManager.default.isReadableFile(atPath: devicesFrom) {
        throw ValidationError("--devices-from: cannot read \(Terminal.printable(devicesFrom)).")
      }
      var isDirectory: ObjCBool = false
      if let devicesFrom,
        FileManager.default.fileExists(atPath: devicesFrom, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        throw ValidationError(
          "--devices-from: \(Terminal.printable(devicesFrom)) is a folder; give a file of "
            + "serials, one a line.")
      }
    }

    /// `--device` serials, then those of `--devices-from`, in order.
    func serials() throws -> [String] {
      guard let devicesFrom else { return devices }
      let data: Data
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: devicesFrom))
      } catch {
        throw Refusal(
          "Cannot read \(Terminal.printable(devicesFrom)): \(error.localizedDescription)")
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw Refusal("\(Terminal.printable(devicesFrom)) is not UTF-8 text. Save it as UTF-8.")
      }
      let listed = text.split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      // An empty file is a mistake (the wrong file, an export that failed), not a request to
      // only activate the code: that would be a write nobody asked for.
      guard !listed.isEmpty else {
        throw Refusal(
          "\(Terminal.printable(devicesFrom)) lists no serials. Put one serial a line, or leave "
            + "--devices-from out to only activate the code.")
      }
      return devices + listed
    }

    func run() async throws {
      let parsed: ActivationCode
      do {
        parsed = try ActivationCode(parsing: try codeText())
      } catch let error as CodeError {
        throw Refusal(error.message)
      }
      let store = try await global.openStore()
      let outcome = try await store.activate(
        parsed, assigning: try serials(), dryRun: dryRun, context: global.context())
      if json {
        JSONOutput.print(JSONOutput.activation(outcome))
      } else {
        print(Self.describe(outcome, dryRun: dryRun))
      }
    }

    /// The code as given, or the first line of standard input for `-`.
    func codeText() throws -> String {
      guard code == "-" else { return code }
      guard let line = SecretInput.readLine(prompt: "Activation code (not shown): ") else {
        throw Refusal("No code on standard input. Pipe the code in, e.g. from a file.")
      }
      return line
    }

    static func describe(_ outcome: ActivationOutcome, dryRun: Bool) -> String {
      let plan = outcome.plan
      let seats = plan.seatsLeft == 1 ? "1 seat left" : "\(plan.seatsLeft) seats left"
      var lines = [
        (dryRun ? "Dry run, nothing written. " : "")
          + "\(plan.maskedCode): \(plan.plan.summary), \(seats)."
      ]
      for license in outcome.licenses {
        lines.append(
          "  \(license.device)  \(license.tier.title) \(license.kind.rawValue)  "
            + "\(Timestamp.format(license.start)) to \(Timestamp.format(license.end))")
      }
      return lines.joined(separator: "\n")
    }
  }
}
