import Foundation
import Localization
import SubscriptionStore
import Subscriptions

// MARK: - Subscription Overview

extension Renderer {
  mutating func overview() {
    let plans = state.plansWithSeatsLeft
    planSection(plans)
    deviceSection(planCount: plans.count)
  }

  /// Activated plans with seats left; "+ N more" when they outnumber the rows for them.
  mutating func planSection(_ plans: [ActivatedPlan]) {
    buffer.write(" " + tr("Activated plans with seats left"), row: 1, column: 0, role: .header)
    guard !plans.isEmpty else {
      buffer.write("   " + tr("None. Press a to activate a code from the email."), row: 2,
                   column: 0, role: .dim)
      return
    }
    let columns = Self.planColumns(x: 3, width: width - 4, language: state.language)
    buffer.header(columns, row: 2)
    let capacity = Layout.overviewPlanCapacity(size)
    let shown = plans.count > capacity ? capacity - 1 : plans.count
    for (index, plan) in plans.prefix(shown).enumerated() {
      buffer.tableRow(columns, values: Self.planValues(plan, state.language), row: 3 + index)
    }
    if shown < plans.count {
      buffer.write(
        trn("+ {n} more plan with seats left", "+ {n} more plans with seats left",
            count: plans.count - shown), row: 3 + shown,
                   column: 3, role: .dim)
    }
  }

  static func planColumns(x: Int, width: Int, language: Language) -> [PlacedColumn] {
    Column.place(
      [
        Column(title: "Plan", width: 8),
        Column(title: "Term", width: 9),
        Column(title: "Seats left", width: 10, grow: 1, maxWidth: 12),
        Column(title: "Code", width: 23),
        Column(title: "Redeem by", width: 10, drop: 2),
        Column(title: "Activated", width: 10, drop: 3),
      ], x: x, width: width, language: language)
  }

  static func planValues(_ plan: ActivatedPlan, _ language: Language) -> [String: String] {
    [
      "Plan": Words.tier(plan.plan.tier, language),
      "Term": Words.term(plan.plan.termMonths, language),
      "Seats left": language.tr(
        "{left} of {seats}",
        ["left": language.number(plan.seatsLeft), "seats": language.number(plan.plan.seats)]),
      "Code": plan.maskedCode,
      "Redeem by": plan.plan.redeemBy.map(Display.day) ?? "—",
      "Activated": Display.day(plan.activatedAt),
    ]
  }

  mutating func deviceSection(planCount: Int) {
    let list = state.overview.list
    let headingRow = Layout.overviewDeviceSectionRow(planCount: planCount, size: size)
    let visible = Layout.overviewListRows(
      planCount: planCount, size: size, gatewayLine: state.gateway.showsLine)
    listHeading(list, row: headingRow, left: 1, right: width - 1)
    let columns = Self.overviewColumns(x: 3, width: width - 4, language: state.language)
    buffer.header(columns, row: headingRow + 1)
    let firstRow = headingRow + 2
    if list.count == 0 && !list.counting {
      let empty = list.filter.isEmpty
        ? tr("No devices yet. Add them with 'smartconnect device add' or 'device import'.")
        : tr("No device matches the filter. Backspace to widen it.")
      buffer.write(Display.fit(empty, width - 6), row: firstRow, column: 3, role: .dim)
    }
    var expiringShown = false
    for offset in 0..<visible {
      let index = list.top + offset
      guard index < list.count, let row = list.row(at: index) else { continue }
      let status = DeviceStatus.at(state.now, licenses: row.licenses)
      let role: CellRole = status.expiring ? .expiring : .normal
      expiringShown = expiringShown || status.expiring
      pointer(index == list.cursor, row: firstRow + offset, column: 1)
      buffer.tableRow(
        columns, values: Self.deviceValues(row.device, status, columns, state.language),
                      row: firstRow + offset, role: role)
    }
    gatewayLine(row: height - 3)
    legend(row: height - 2, column: 1, marked: expiringShown)
  }

  /// The pointer column: `>` on the current row. Only these cells change when the pointer
  /// moves, so a ↓ costs a few bytes on a slow link.
  mutating func pointer(_ current: Bool, row: Int, column: Int) {
    buffer.write(current ? ">" : " ", row: row, column: column,
                 role: current ? .pointer : .normal)
  }

  /// `Devices  1–14 of 120` on the left, the filter on the right (with the cursor in it
  /// while it is being typed).
  mutating func listHeading(
    _ list: DeviceList, row: Int, left: Int, right: Int, onGateway: Bool = false
  ) {
    var heading = onGateway ? tr("Devices on this gateway") : tr("Devices")
    if list.count > 0 {
      let last = min(list.count, list.top + max(1, visibleRowsForCurrentList()))
      // While a new filter's count is read, the rows already shown: "1–14 of …".
      let count = list.counting ? "…" : number(list.count)
      heading += "  " + tr(
        "{first}–{last} of {count}",
        ["first": number(list.top + 1), "last": number(last), "count": count])
    } else if list.counting {
      heading += "  …"
    } else {
      heading += "  " + tr("none")
    }
    buffer.write(heading, row: row, column: left, role: .header)
    let filterText = Display.safe(list.filter)
    if list.editingFilter || !list.filter.isEmpty {
      let field = tr("Filter:") + " " + filterText
      let start = buffer.writeRight(
        Display.fit(field, max(10, right - left - Display.width(heading) - 2)) + " ", row: row, end: right,
        role: list.editingFilter ? .focused : .normal)
      if list.editingFilter {
        buffer.cursor = (row, min(right - 1, start + min(Display.width(field), right - start - 1)))
      }
    } else {
      buffer.writeRight(tr("/ to filter"), row: row, end: right, role: .dim)
    }
  }

  func visibleRowsForCurrentList() -> Int {
    Layout.visibleRows(state.screen == .assignToDevice ? .assign : .overview, in: state)
  }

  static func overviewColumns(x: Int, width: Int, language: Language) -> [PlacedColumn] {
    Column.place(
      [
        Column(title: "Name", width: 14, ideal: 20, grow: 3),
        Column(title: "Serial", width: 12, ideal: 14, maxWidth: 16),
        Column(title: "Model", width: 12, ideal: 18, grow: 1, maxWidth: 24, drop: 2),
        Column(title: "Site", width: 10, ideal: 13, grow: 1, maxWidth: 24, drop: 1),
        Column(title: "Tier", width: 8, grow: 1, maxWidth: 16),
        Column(title: "Covered until", width: 13),
      ], x: x, width: width, language: language)
  }

  /// A device's cells; `markExpiring` puts the `!` after the date (the Overview's place
  /// for it; Assign has a column of its own, shown at every width).
  static func deviceValues(
    _ device: Device, _ status: DeviceStatus, _ columns: [PlacedColumn], _ language: Language,
    markExpiring: Bool = true
  ) -> [String: String] {
    let tierWidth = columns.first { $0.column.title == "Tier" }?.width ?? 8
    var until = status.coveredUntil.map(Display.day) ?? "—"
    if status.expiring && markExpiring { until += " !" }
    return [
      "Name": device.name,
      "Serial": device.serial,
      "Model": device.model,
      "Site": device.site,
      "Tier": Display.width(Words.tier(status.tier, language)) <= tierWidth
        ? Words.tier(status.tier, language) : Words.tier(status.tier, language, short: true),
      "Covered until": until,
    ]
  }

  /// The line over the key help: a load error, else what `!` means when a row shows one.
  mutating func legend(row: Int, column: Int, marked: Bool) {
    if let error = state.loadError {
      buffer.write(
        Display.fit(Words.text(error, state.language), width - 2), row: row, column: column,
        role: .error)
      return
    }
    guard marked else { return }
    buffer.write("!", row: row, column: column, role: .expiring)
    buffer.write(
      " " + tr("coverage ends within {days} days", ["days": "30"]), row: row, column: column + 1,
      role: .dim)
  }
}
