import ArgumentParser
import CursesTerminal
import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Wizard

extension SmartConnect {
  /// The Subscription Overview, for scripts and for a quick look.
  struct Overview: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "overview",
        abstract: CommandLanguage.tr("Show the devices, their plans and the activated codes."))
    }

    @OptionGroup var global: GlobalOptions

    @Flag(
      help: ArgumentHelp(
        CommandLanguage.tr("Print the overview as JSON (the same in every language).")))
    var json = false

    func run() async throws {
      let store = try await global.openStore()
      let now = global.currentNow()
      if json {
        try await Self.writeJSON(store, now: now)
        return
      }
      try await Self.writeTable(
        store, now: now, unicode: TerminalLocale.adopt(), language: global.language)
    }

    /// The §4 JSON, written a batch of devices at a time: the same bytes as building the
    /// whole value first, without holding a large fleet in memory.
    static func writeJSON(_ store: any SubscriptionStoring, now: Date) async throws {
      try StandardStreams.out(
        "{\"now\":" + JSONValue.string(Timestamp.format(now)).text + ",\"devices\":[")
      var first = true
      let plans = try await store.readOverview { devices, licenses in
        var chunk = ""
        for device in devices {
          let held = licenses[device.serial] ?? []
          if !first { chunk += "," }
          first = false
          JSONOutput.device(device, status: DeviceStatus.at(now, licenses: held), licenses: held)
            .write(to: &chunk)
        }
        try StandardStreams.out(chunk)
      }
      try StandardStreams.out(
        "],\"plans\":" + JSONValue.array(plans.map(JSONOutput.plan)).text + "}\n")
    }

    /// The overview as aligned text, in `language` (dates ISO in every one), written a batch
    /// of devices at a time like the JSON, so a fleet of any size costs the same memory.
    /// Names show as written, measured in terminal cells (a Japanese name takes two per
    /// character); under a locale that is not UTF-8 they are spelled in Latin letters instead,
    /// and the columns still line up.
    ///
    /// Two reads: the first measures the columns, the second writes the rows. A device added
    /// between them is written all the same (its cells may stick out, never cut).
    static func writeTable(
      _ store: any SubscriptionStoring, now: Date, unicode: Bool, language: Language
    ) async throws {
      let shown = { (text: String) in
        unicode ? Display.safe(text) : Glyphs.readableASCII(Display.safe(text))
      }
      let header = ["Name", "Serial", "Model", "Site", "Tier", "Covered until"].map {
        shown(Words.column($0, language).uppercased())
      }
      let expiring = language.tr("expiring")
      func cells(_ device: Device, _ licenses: [String: [License]]) -> [String] {
        let status = DeviceStatus.at(now, licenses: licenses[device.serial] ?? [])
        let until = status.coveredUntil.map(Timestamp.formatDay) ?? "-"
        return [
          device.name, device.serial, device.model, device.site,
          Words.tier(status.tier, language), until + (status.expiring ? "  " + expiring : ""),
        ].map(shown)
      }
      var widths = header.map { min(40, Display.width($0)) }
      _ = try await store.readOverview { devices, licenses in
        for device in devices {
          for (column, cell) in cells(device, licenses).enumerated() {
            widths[column] = max(widths[column], min(40, Display.width(cell)))
          }
        }
      }
      let title = shown(
        language.tr("Subscription Overview at {time}", ["time": Timestamp.format(now)]))
      try StandardStreams.out(title + "\n\n" + line(header, widths) + "\n")
      let plans = try await store.readOverview { devices, licenses in
        var chunk = ""
        for device in devices { chunk += line(cells(device, licenses), widths) + "\n" }
        try StandardStreams.out(chunk)
      }
      var out = [
        "",
        shown(plans.isEmpty ? language.tr("No activated plans.") : language.tr("Activated plans:")),
      ]
      for plan in plans {
        let left = language.trn("{n} seat left", "{n} seats left", count: plan.seatsLeft)
        out.append(shown("  \(plan.maskedCode)  \(Words.plan(plan.plan, language)), \(left)"))
      }
      try StandardStreams.out(out.joined(separator: "\n") + "\n")
    }

    static func columns(_ table: [[String]]) -> [String] {
      guard let first = table.first else { return [] }
      let widths = first.indices.map { column in
        min(40, table.map { Display.width($0[column]) }.max() ?? 0)
      }
      return table.map { line($0, widths) }
    }

    /// One row of cells padded to `widths`, two spaces apart, without trailing blanks.
    static func line(_ row: [String], _ widths: [Int]) -> String {
      zip(row, widths).map { cell, width in
        cell + String(repeating: " ", count: max(0, width - Display.width(cell)))
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
  }
}
