import Foundation
import Localization
import SubscriptionStore
import Subscriptions

// MARK: - The gateway's UPS units (NUT)

extension Renderer {
  /// The mark of a device the gateway's upsd serves, in the Assign list and its legend.
  static let gatewayMark = "*"

  /// The Overview's line about the gateway: the offer to add the units the fleet lacks, or
  /// what the last add came to.
  mutating func gatewayLine(row: Int) {
    let gateway = state.gateway
    guard gateway.showsLine else { return }
    let text: String
    var role = CellRole.header
    switch gateway.outcome {
    case .refused(let error):
      text = tr("Nothing was added from this gateway: {reason}",
                ["reason": Words.text(error, state.language)])
      role = .error
    case .added(let count) where gateway.newUnits.isEmpty:
      text = trn("Added {n} device from this gateway.", "Added {n} devices from this gateway.",
                 count: count)
      role = .normal
    default:
      text = trn(
        "{n} UPS unit on this gateway is not in the fleet: press g to add it.",
        "{n} UPS units on this gateway are not in the fleet: press g to add them.",
        count: gateway.newUnits.count)
    }
    buffer.write(Display.fit(text, width - 2), row: row, column: 1, role: role)
  }

  /// Over the Overview: the units that `g` would add, to confirm with Enter (the key line
  /// says so) or leave with Esc.
  mutating func gatewayConfirmation() {
    let units = state.gateway.newUnits
    let area = (top: 1, bottom: height - 2)
    let boxWidth = min(width - 4, 96)
    let inner = boxWidth - 4
    let intro = Display.wrap(
      trn(
        "Add {n} UPS unit that this gateway's upsd serves to the fleet?",
        "Add {n} UPS units that this gateway's upsd serves to the fleet?", count: units.count),
      width: inner)
    let site = state.gateway.site
    let note = Display.wrap(
      site.isEmpty
        ? tr("All or none, without a site. A unit that reports no serial is never added.")
        : tr(
          "All or none, at the site of this gateway's units in the fleet. A unit that reports no serial is never added."
        ), width: inner)
    // Borders, intro, blank, header, rows, blank, note.
    let room = area.bottom - area.top + 1
    let fixed = 2 + intro.count + 1 + 1 + 1 + note.count
    let capacity = max(1, room - fixed)
    let shown = units.count > capacity ? capacity - 1 : units.count
    let boxHeight = min(room, fixed + (shown < units.count ? shown + 1 : shown))
    let top = area.top + max(0, (room - boxHeight) / 2)
    let left = (width - boxWidth) / 2
    let bottom = top + boxHeight - 1
    buffer.clear(top: max(area.top, top - 1), left: max(0, left - 1),
                 bottom: min(area.bottom, bottom + 1), right: min(width - 1, left + boxWidth))
    buffer.box(top: top, left: left, bottom: bottom, right: left + boxWidth - 1,
               title: tr("Add from this gateway"))
    var row = top + 1
    for line in intro {
      buffer.write(line, row: row, column: left + 2)
      row += 1
    }
    row += 1
    let columns = Column.place(
      [
        Column(title: "Serial", width: 12, ideal: 14, maxWidth: 16),
        Column(title: "Name", width: 14, ideal: 20, grow: 3),
        Column(title: "Model", width: 12, ideal: 18, grow: 1, maxWidth: 24, drop: 2),
        Column(title: "Site", width: 10, ideal: 13, grow: 1, maxWidth: 24, drop: 1),
      ], x: left + 2, width: inner, language: state.language)
    buffer.header(columns, row: row)
    row += 1
    for unit in units.prefix(shown) {
      buffer.tableRow(
        columns,
        values: [
          "Serial": unit.serial, "Name": unit.name, "Model": unit.model,
          "Site": unit.site.isEmpty ? "—" : unit.site,
        ], row: row)
      row += 1
    }
    if shown < units.count {
      buffer.write(
        trn("+ {n} more unit", "+ {n} more units", count: units.count - shown), row: row,
        column: left + 2, role: .dim)
      row += 1
    }
    row += 1
    for line in note where row < bottom {
      buffer.write(line, row: row, column: left + 2, role: .hint)
      row += 1
    }
  }
}
