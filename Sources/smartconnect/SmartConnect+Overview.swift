import ArgumentParser
import Foundation
import SubscriptionStore
import Subscriptions

extension SmartConnect {
  /// The Subscription Overview, for scripts and for a quick look.
  struct Overview: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the devices, their plans and the activated codes.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the overview as JSON.")
    var json = false

    func run() throws {
      let store = try global.openStore()
      let now = global.currentNow()
      let total = try store.deviceCount(filter: "")
      let devices = try store.devices(filter: "", offset: 0, limit: total)
      let licenses = try store.licenses(of: devices.map(\.serial))
      let plans = try store.activatedPlans()
      let rows = devices.map { device in
        let held = licenses[device.serial] ?? []
        return (device, DeviceStatus.at(now, licenses: held), held)
      }
      if json {
        JSONOutput.print(
          JSONOutput.overview(
            now: now,
            devices: rows.map { JSONOutput.device($0.0, status: $0.1, licenses: $0.2) },
            plans: plans))
      } else {
        print(Self.table(rows.map { ($0.0, $0.1) }, plans: plans, now: now))
      }
    }

    static func table(_ rows: [(Device, DeviceStatus)], plans: [ActivatedPlan], now: Date)
      -> String
    {
      var out = ["Subscription Overview at \(Timestamp.format(now))", ""]
      let header = ["NAME", "SERIAL", "MODEL", "SITE", "TIER", "COVERED UNTIL"]
      let cells = rows.map { device, status -> [String] in
        let until = status.coveredUntil.map(Timestamp.formatDay) ?? "-"
        return [
          device.name, device.serial, device.model, device.site, status.tier.title,
          until + (status.expiring ? "  expiring" : ""),
        ].map(Terminal.printable)
      }
      out += columns([header] + cells)
      out.append("")
      out.append(plans.isEmpty ? "No activated plans." : "Activated plans:")
      for plan in plans {
        out.append("  \(plan.maskedCode)  \(plan.plan.summary), \(plan.seatsLeft) left")
      }
      return out.joined(separator: "\n")
    }

    static func columns(_ table: [[String]]) -> [String] {
      guard let first = table.first else { return [] }
      let widths = first.indices.map { column in
        min(40, table.map { $0[column].count }.max() ?? 0)
      }
      return table.map { row in
        zip(row, widths).map { cell, width in
          cell.count >= width ? cell : cell + String(repeating: " ", count: width - cell.count)
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
      }
    }
  }
}
