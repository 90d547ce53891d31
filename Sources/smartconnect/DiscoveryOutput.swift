import Localization
import Subscriptions
import UPSDiscovery
import Wizard

/// The words and the JSON of `device discover`.
enum DiscoveryOutput {
  /// One row a unit, then what `--add` did, in `language`.
  static func table(
    _ plan: DiscoveryPlan, adding: Bool, added: [Device], language: Language = .english
  ) -> String {
    guard !plan.rows.isEmpty else { return language.tr("upsd serves no units.") }
    let header = [
      language.tr("NUT unit"), Words.column("Serial", language), Words.column("Model", language),
      language.tr("Manufacturer"), language.tr("Status"), language.tr("Fleet"),
    ].map { Terminal.printable($0.uppercased()) }
    let cells = plan.rows.map { row -> [String] in
      [
        row.nutName, row.unit.serial ?? "-", row.unit.model ?? "-",
        row.unit.manufacturer ?? "-", row.unit.status ?? "-",
        fleetCell(row.outcome, added: !added.isEmpty, language),
      ].map(Terminal.printable)
    }
    var out = SmartConnect.Overview.columns([header] + cells)
    let skipped = plan.rows.compactMap { row -> String? in
      guard case .skipped(let skip) = row.outcome else { return nil }
      return language.tr(
        "Skipped {unit}: {reason}.",
        ["unit": Terminal.printable(row.nutName), "reason": text(skip, language)])
    }
    out.append("")
    if adding {
      if added.isEmpty {
        out.append(language.tr("Nothing to add: the fleet has every unit that reports a serial."))
      } else {
        let site = added[0].site
        out.append(
          site.isEmpty
            ? language.trn("Added {n} device:", "Added {n} devices:", count: added.count)
            : language.trn(
              "Added {n} device at {site}:", "Added {n} devices at {site}:", count: added.count,
              ["site": Terminal.printable(site)]))
        for device in added {
          out.append("  \(Terminal.printable(device.serial))  \(Terminal.printable(device.name))")
        }
      }
    } else if !plan.additions.isEmpty {
      out.append(
        language.trn(
          "{n} unit is not in the fleet; add it with --add [--site SITE].",
          "{n} units are not in the fleet; add them with --add [--site SITE].",
          count: plan.additions.count))
    }
    out += skipped
    return out.joined(separator: "\n")
  }

  static func fleetCell(_ outcome: DiscoveryPlan.Outcome, added: Bool, _ language: Language)
    -> String
  {
    switch outcome {
    case .inFleet(let name): language.tr("yes: {name}", ["name": name])
    case .new: added ? language.tr("added") : language.tr("no")
    case .skipped: language.tr("no (skipped)")
    }
  }

  /// Why a unit was skipped.
  static func text(_ skip: DiscoveryPlan.Skip, _ language: Language) -> String {
    switch skip {
    case .noData(let error):
      language.tr(
        "upsd has no data for it: {meaning}", ["meaning": CommandWords.text(error, language)])
    case .noSerial:
      language.tr(
        "it reports no serial (device.serial, ups.serial); add it by hand with device add")
    case .sameSerial(let first):
      language.tr("same serial as {unit}, added once", ["unit": Terminal.printable(first)])
    case .cannotStore(let problem):
      language.tr(
        "its {field} cannot be stored: {reason}",
        ["field": problem.field.rawValue, "reason": Words.text(problem, language)])
    }
  }

  /// `{"units":[{"server","name","description","serial","model","manufacturer","status",
  /// "fleet_name","action","reason"}]}`; action is `in_fleet`, `new`, `added` or `skipped`.
  /// The reason is in English whatever the language: JSON is for scripts.
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
            case .skipped(let skip):
              action = "skipped"
              reason = text(skip, .english)
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
