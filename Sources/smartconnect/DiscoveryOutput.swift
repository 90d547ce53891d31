import Subscriptions
import UPSDiscovery

/// The words and the JSON of `device discover`.
enum DiscoveryOutput {
  /// One row a unit, then what `--add` did.
  static func table(_ plan: DiscoveryPlan, adding: Bool, added: [Device]) -> String {
    guard !plan.rows.isEmpty else { return "upsd serves no units." }
    let header = ["NUT UNIT", "SERIAL", "MODEL", "MANUFACTURER", "STATUS", "FLEET"]
    let cells = plan.rows.map { row -> [String] in
      [
        row.nutName, row.unit.serial ?? "-", row.unit.model ?? "-",
        row.unit.manufacturer ?? "-", row.unit.status ?? "-",
        fleetCell(row.outcome, added: !added.isEmpty),
      ].map(Terminal.printable)
    }
    var out = SmartConnect.Overview.columns([header] + cells)
    let skipped = plan.rows.compactMap { row -> String? in
      guard case .skipped(let reason) = row.outcome else { return nil }
      return "Skipped \(Terminal.printable(row.nutName)): \(reason)."
    }
    out.append("")
    if adding {
      if added.isEmpty {
        out.append("Nothing to add: the fleet has every unit that reports a serial.")
      } else {
        let site = added[0].site.isEmpty ? "" : " at \(Terminal.printable(added[0].site))"
        out.append("Added \(added.count) device\(added.count == 1 ? "" : "s")\(site):")
        for device in added {
          out.append("  \(Terminal.printable(device.serial))  \(Terminal.printable(device.name))")
        }
      }
    } else if !plan.additions.isEmpty {
      out.append(
        "\(plan.additions.count) unit\(plan.additions.count == 1 ? " is" : "s are") not in the fleet; "
          + "add \(plan.additions.count == 1 ? "it" : "them") with --add [--site SITE].")
    }
    out += skipped
    return out.joined(separator: "\n")
  }

  static func fleetCell(_ outcome: DiscoveryPlan.Outcome, added: Bool) -> String {
    switch outcome {
    case .inFleet(let name): return "yes: \(name)"
    case .new: return added ? "added" : "no"
    case .skipped: return "no (skipped)"
    }
  }

  /// `{"units":[{"server","name","description","serial","model","manufacturer","status",
  /// "fleet_name","action","reason"}]}`; action is `in_fleet`, `new`, `added` or `skipped`.
  static func json(_ plan: DiscoveryPlan, added: Bool) -> JSONValue {
    .object([
      (
        "units",
        .array(
          plan.rows.map { row in
            var fleetName: String?
            var action = "new"
            var reason: String?
            switch row.outcome {
            case .inFleet(let name):
              fleetName = name
              action = "in_fleet"
            case .new: action = added ? "added" : "new"
            case .skipped(let why):
              action = "skipped"
              reason = why
            }
            return .object([
              ("server", .string(row.endpoint.description)),
              ("name", .string(row.unit.name)),
              ("description", .optional(row.unit.givenDescription)),
              ("serial", .optional(row.unit.serial)),
              ("model", .optional(row.unit.model)),
              ("manufacturer", .optional(row.unit.manufacturer)),
              ("status", .optional(row.unit.status)),
              ("fleet_name", .optional(fleetName)),
              ("action", .string(action)),
              ("reason", .optional(reason)),
            ])
          })
      )
    ])
  }
}
