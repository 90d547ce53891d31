import Foundation
import Localization
import SubscriptionStore
import Subscriptions

// MARK: - Assign to device

extension Renderer {
  mutating func assign() {
    let (left, inner) = dialog()
    let assign = state.assign
    guard let plan = assign.plan else { return }
    let right = left + inner
    let seats = trn(
      "Selected: {selected} of {n} seat", "Selected: {selected} of {n} seats",
      count: plan.seatsLeft, ["selected": number(assign.selected.count)])
    let planLine = tr("Plan:") + " " + Words.tier(plan.plan.tier, state.language) + " · "
      + Words.term(plan.plan.termMonths, state.language) + " · " + plan.maskedCode
    buffer.write(Display.fit(planLine, inner - Display.width(seats) - 2), row: Self.contentTop,
                 column: left)
    buffer.writeRight(seats, row: Self.contentTop, end: right,
                      role: assign.selected.count >= plan.seatsLeft ? .warning : .header)
    listHeading(assign.list, row: Self.contentTop + 1, left: left, right: right,
                onGateway: assign.onGateway)
    // `> [ ] ! Name…`: the pointer, the check box and the expiring mark, then the table. A
    // unit the gateway's upsd serves has `*` in the gutter left of the pointer: the table
    // keeps its place (and every width) whether or not, or however late, upsd answers.
    let marks = state.gateway.hasUnits
    let tableLeft = left + 8
    let columns = Self.assignColumns(x: tableLeft, width: inner - 8, language: state.language)
    buffer.header(columns, row: Self.contentTop + 2)
    let firstRow = Self.contentTop + 3
    let list = assign.list
    if list.count == 0 && !list.counting {
      let empty = !list.filter.isEmpty ? tr("No device matches the filter.")
        : assign.onGateway ? tr("None of this gateway's UPS units is in the fleet yet.")
        : tr("No devices in the store.")
      buffer.write(Display.fit(empty, inner - (tableLeft - left)), row: firstRow,
                   column: tableLeft, role: .dim)
    }
    var expiringShown = false
    for offset in 0..<Layout.assignListRows(size) {
      let index = list.top + offset
      guard index < list.count, let row = list.row(at: index) else { continue }
      let line = firstRow + offset
      let current = index == list.cursor
      let selected = assign.isSelected(row.device.serial)
      // The current row's pointer and check box are one run of reverse video: a ↓ then
      // re-sends five cells on two rows, not the rows.
      buffer.write((current ? "> " : "  ") + (selected ? "[x]" : "[ ]"), row: line,
                   column: left,
                   role: current ? .pointer : selected ? .selected : .normal)
      if !current { buffer.write("  ", row: line, column: left, role: .normal) }
      let status = DeviceStatus.at(state.now, licenses: row.licenses)
      let projection = StartRule.project(
        licenses: row.licenses, now: state.now, tier: plan.plan.tier,
        termMonths: plan.plan.termMonths)
      var values = Self.deviceValues(
        row.device, status, columns, state.language, markExpiring: false)
      values["Kind"] = Words.kind(projection.kind, state.language)
      values["Starts"] = Display.day(projection.start)
      let role: CellRole = status.expiring ? .expiring : .normal
      if status.expiring {
        buffer.write("!", row: line, column: left + 6, role: .expiring)
        expiringShown = true
      }
      if marks && state.gateway.serves(row.device.serial) {
        buffer.write(Self.gatewayMark, row: line, column: left - 1, role: .header)
      }
      buffer.tableRow(columns, values: values, row: line, role: role)
    }
    if let message = assign.message ?? state.loadError.map(Message.store) {
      buffer.write(Display.fit(Words.text(message, state.language), inner), row: messageRow, column: left,
                   role: assign.message == nil ? .error : .warning)
    } else {
      legend(row: messageRow, column: left, marked: expiringShown)
      if marks {
        let text = Self.gatewayMark + " " + tr("on this gateway (upsd)")
        let start = buffer.writeRight(text, row: messageRow, end: right, role: .dim)
        buffer.write(Self.gatewayMark, row: messageRow, column: start, role: .header)
      }
    }
  }

  static func assignColumns(x: Int, width: Int, language: Language) -> [PlacedColumn] {
    Column.place(
      [
        Column(title: "Name", width: 12, ideal: 20, grow: 3),
        Column(title: "Serial", width: 12, ideal: 14, maxWidth: 16),
        Column(title: "Model", width: 24, drop: 3),
        Column(title: "Site", width: 10, ideal: 14, grow: 1, maxWidth: 24, drop: 2),
        Column(title: "Tier", width: 8, grow: 1, maxWidth: 16),
        Column(title: "Covered until", width: 13, drop: 1),
        Column(title: "Kind", width: 9),
        Column(title: "Starts", width: 10),
      ], x: x, width: width, language: language)
  }
}
