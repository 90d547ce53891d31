import Foundation
import Localization
import SubscriptionStore
import Subscriptions

// MARK: - Confirm assigned plan and Success

extension Renderer {
  mutating func confirm() {
    let (left, inner) = dialog()
    let confirm = state.confirm
    guard let plan = state.assign.plan else { return }
    var row = Self.contentTop
    let intro = confirm.datesChanged
      ? Words.text(StoreError.datesChanged(fresh: [:]), state.language)
      : tr("Check the details, then Confirm.")
    for line in Display.wrap(intro, width: inner, maxLines: 2) {
      buffer.write(line, row: row, column: left, role: confirm.datesChanged ? .warning : .normal)
      row += 1
    }
    // The notes under the table, bottom-up from the message row: the error, the warning
    // line, then one line per device whose lower plan keeps running.
    var notes: [(String, CellRole)] = Self.underneathNotes(
      confirm.rows, width: inner, state.language
    ).map { ($0, .normal) }
    notes += Display.wrap(
      tr("Once you have assigned a plan to a device, you cannot change it."), width: inner,
      maxLines: 2
    ).map { ($0, .warning) }
    if let error = confirm.error {
      notes += Display.wrap(Words.text(error, state.language), width: inner, maxLines: 3).map {
        ($0, .error)
      }
    }
    let columns = Self.confirmColumns(x: left + 2, width: inner - 2, language: state.language)
    row += 1
    buffer.header(columns, row: row)
    row += 1
    let tableRoom = max(1, messageRow - row + 1 - min(notes.count, 6) - 1)
    let top = min(confirm.top, max(0, confirm.rows.count - tableRoom))
    let fits = confirm.rows.count - top <= tableRoom
    let shownRows = fits ? confirm.rows.count - top : tableRoom - 1
    for (offset, item) in confirm.rows.dropFirst(top).prefix(shownRows).enumerated() {
      let values = [
        "Device": item.device.name.isEmpty ? item.device.serial : item.device.name,
        "Serial": item.device.serial,
        "Plan": Words.tier(plan.plan.tier, state.language) + " · "
          + tr("{months} mo", ["months": String(plan.plan.termMonths)]),
        "Kind": Words.kind(item.projection.kind, state.language),
        "Start": Display.day(item.projection.start),
        "End": Display.day(item.projection.end),
      ]
      let dateRole: CellRole = item.changed ? .warning : .normal
      buffer.write(item.changed ? "*" : " ", row: row + offset, column: left, role: dateRole)
      buffer.tableRow(columns, values: values, row: row + offset,
                      roles: ["Start": dateRole, "End": dateRole])
    }
    if !fits || top > 0 {
      let more = tr(
        "Rows {first}–{last} of {count}; ↑↓ scroll",
        [
          "first": number(top + 1), "last": number(top + shownRows),
          "count": number(confirm.rows.count),
        ])
      buffer.write(more, row: row + shownRows, column: left + 2, role: .dim)
    }
    var noteRow = messageRow - min(notes.count, 6) + 1
    for (text, role) in notes.suffix(6) {
      buffer.write(text, row: noteRow, column: left, role: role)
      noteRow += 1
    }
    if confirm.datesChanged && confirm.rows.contains(where: \.changed) {
      buffer.writeRight(
        "* " + tr("new dates"), row: Self.contentTop + 2, end: left + inner, role: .warning)
    }
  }

  /// The plain statement that after an upgrade the lower plan keeps running underneath
  /// until its own end: one sentence per device for one or two, else one sentence naming
  /// them all (ellipsised after three lines).
  static func underneathNotes(_ rows: [ConfirmRow], width: Int, _ l: Language) -> [String] {
    let upgraded = rows.compactMap { row in row.underneath.map { (row.device, $0) } }
    func name(_ device: Device) -> String { device.name.isEmpty ? device.serial : device.name }
    if upgraded.count <= 2 {
      return upgraded.flatMap { device, under in
        Display.wrap(
          l.tr(
            "After the upgrade, the {tier} plan of {device} keeps running underneath until its own end, {date}.",
            ["tier": Words.tier(under.tier, l), "device": name(device), "date": Display.day(under.end)]
          ), width: width, maxLines: 2)
      }
    }
    let list = upgraded.map { device, under in
      l.tr(
        "{device} ({tier} until {date})",
        ["device": name(device), "tier": Words.tier(under.tier, l), "date": Display.day(under.end)])
    }
    return Display.wrap(
      l.tr(
        "After the upgrade, the lower plan of each upgraded device keeps running underneath until its own end: {devices}.",
        ["devices": list.joined(separator: ", ")]), width: width, maxLines: 3)
  }

  static func confirmColumns(x: Int, width: Int, language: Language) -> [PlacedColumn] {
    let planWidth = Words.valueWidth("Plan · term", language)
    return Column.place(
      [
        Column(title: "Device", width: 12, grow: 3),
        Column(title: "Serial", width: 10, grow: 1, maxWidth: 16, drop: 1),
        // `Advanced · 36 mo` fits as the Plan column grows; a longer one (`36 Mon.`,
        // `36 месяцев`) makes it start wide enough.
        Column(
          title: "Plan", width: planWidth > 16 ? planWidth : 14, grow: 1,
          maxWidth: max(18, planWidth)),
        Column(title: "Kind", width: 9),
        Column(title: "Start", width: 10),
        Column(title: "End", width: 10),
      ], x: x, width: width, language: language)
  }

  // MARK: - Success

  mutating func success() {
    let (left, inner) = dialog()
    let success = state.success
    guard let plan = success.plan else { return }
    var row = Self.contentTop
    let count = success.assigned.count
    buffer.write(
      Display.fit(
        trn("The plan is assigned to {n} device.", "The plan is assigned to {n} devices.",
            count: count), inner),
      row: row, column: left, role: .header)
    buffer.write(
      Display.fit(
        Words.tier(plan.plan.tier, state.language) + " · "
          + Words.term(plan.plan.termMonths, state.language) + " · " + plan.maskedCode,
        inner), row: row + 1, column: left)
    row += 3
    let columns = Self.successColumns(x: left + 2, width: inner - 2, language: state.language)
    buffer.header(columns, row: row)
    row += 1
    let room = messageRow - 2 - row
    for (offset, item) in success.assigned.prefix(room).enumerated() {
      buffer.tableRow(
        columns,
        values: [
          "Device": item.device.name.isEmpty ? item.device.serial : item.device.name,
          "Serial": item.device.serial,
          "Kind": Words.kind(item.license.kind, state.language),
          "Start": Display.day(item.license.start),
          "End": Display.day(item.license.end),
        ], row: row + offset)
    }
    if count > room {
      buffer.write(
        "+ " + tr("{count} more", ["count": number(count - room)]), row: row + room,
        column: left + 2, role: .dim)
    }
    let seatsLeft = plan.seatsLeft
    let others = state.plansWithSeatsLeft.filter { $0.id != plan.id }.count
    var next = seatsLeft > 0
      ? trn(
        "{n} seat left on this plan. Continue to assign it, or go back to the Overview.",
        "{n} seats left on this plan. Continue to assign them, or go back to the Overview.",
        count: seatsLeft)
      : tr("All seats of this plan are assigned.")
    if seatsLeft == 0 && others > 0 {
      next += " " + tr("Other activated plans have seats left: Continue to assign them.")
    }
    for (index, line) in Display.wrap(next, width: inner, maxLines: 2).enumerated() {
      buffer.write(line, row: messageRow - 1 + index, column: left)
    }
  }

  static func successColumns(x: Int, width: Int, language: Language) -> [PlacedColumn] {
    Column.place(
      [
        Column(title: "Device", width: 14, grow: 3),
        Column(title: "Serial", width: 10, grow: 1, maxWidth: 16),
        Column(title: "Kind", width: 9),
        Column(title: "Start", width: 10),
        Column(title: "End", width: 10),
      ], x: x, width: width, language: language)
  }
}
