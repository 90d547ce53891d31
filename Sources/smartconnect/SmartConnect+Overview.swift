import ArgumentParser
import CursesTerminal
import Foundation
import SubscriptionStore
import Subscriptions
import Wizard

extension SmartConnect {
  /// The Subscription Overview, for scripts and for a quick look.
  struct Overview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the devices, their plans and the activated codes.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the overview as JSON.")
    var json = false

    func run() async throws {
      let store = try await global.openStore()
      let now = global.currentNow()
      if json {
        try await Self.writeJSON(store, now: now)
        return
      }
      try await Self.writeTable(store, now: now, unicode: TerminalLocale.adopt())
    }

    /// The §4 JSON, written a batch of devices at a time: the same bytes as building the
    /// whole value first, without holding a large fleet in memory.
    static func writeJSON(_ store: any SubscriptionStoring, now: Date) async throws {
      let output = FileHandle.standardOutput
      output.write(
        Data(
          ("{\"now\":" + JSONValue.string(Timestamp.format(now)).text
            + ",\"devices\":[").utf8))
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
        output.write(Data(chunk.utf8))
      }
      output.write(
        Data(
          ("],\"plans\":" + JSONValue.array(plans.map(JSONOutput.plan)).text
            + "}\n").utf8))
    }

    /// The overview as aligned text, written a batch of devices at a time like the JSON, so
    /// a fleet of any size costs the same memory. Names show as written, measured in terminal
    /// cells (a Japanese name takes two per character); under a locale that is not UTF-8 they
    /// are spelled in Latin letters instead, and the columns still line up.
    ///
    /// Two reads: the first measures the columns, the second writes the rows. A device added
    /// between them is written all the same (its cells may stick out, never cut).
    static func writeTable(_ store: any SubscriptionStoring, now: Date, unicode: Bool) async throws
    {
      let output = FileHandle.standardOutput
      var widths = header.map(Display.width)
      _ = try await store.readOverview { devices, licenses in
        for device in devices {
          let status = DeviceStatus.at(now, licenses: licenses[device.serial] ?? [])
          for (column, cell) in cells(device, status, unicode: unicode).enumerated() {
            widths[column] = max(widths[column], min(40, Display.width(cell)))
          }
        }
      }
      output.write(
        Data(
          ("Subscription Overview at \(Timestamp.format(now))\n\n"
            + line(header, widths) + "\n").utf8))
      let plans = try await store.readOverview { devices, licenses in
        var chunk = ""
        for device in devices {
          let status = DeviceStatus.at(now, licenses: licenses[device.serial] ?? [])
          chunk += line(cells(device, status, unicode: unicode), widths) + "\n"
        }
        output.write(Data(chunk.utf8))
      }
      var out = ["", plans.isEmpty ? "No activated plans." : "Activated plans:"]
      for plan in plans {
        out.append("  \(plan.maskedCode)  \(plan.plan.summary), \(plan.seatsLeft) left")
      }
      output.write(Data((out.joined(separator: "\n") + "\n").utf8))
    }

    static let header = ["NAME", "SERIAL", "MODEL", "SITE", "TIER", "COVERED UNTIL"]

    static func cells(_ device: Device, _ status: DeviceStatus, unicode: Bool) -> [String] {
      let until = status.coveredUntil.map(Timestamp.formatDay) ?? "-"
      return [
        device.name, device.serial, device.model, device.site, status.tier.title,
        until + (status.expiring ? "  expiring" : ""),
      ].map { unicode ? Display.safe($0) : Glyphs.readableASCII(Display.safe($0)) }
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
