import Foundation
import Localization
import SubscriptionStore
import Subscriptions

// MARK: - Activate Code and Your activated plans

extension Renderer {
  static let codeFieldWidth = Reducer.maxCodeLength + 1

  mutating func activateCode() {
    let (left, inner) = dialog()
    let activate = state.activate
    var row = Self.contentTop
    for line in Display.wrap(
      tr(
        "Type the activation code from the email (XXXXX-XXXXX-XXXXX-XXXXX). ↓ on a filled line opens a line for another code."
      ), width: inner, maxLines: 2)
    {
      buffer.write(line, row: row, column: left)
      row += 1
    }
    row += 1
    // The foot of the content: the demo hint and the screen's message.
    var bottom = messageRow
    if let message = activate.message {
      buffer.write(
        Display.fit(Words.text(message, state.language), inner), row: bottom, column: left,
        role: .error)
    }
    bottom -= 1
    if !state.demoCodes.isEmpty {
      let hint = Display.wrap(
        tr("Demo codes:") + " " + state.demoCodes.joined(separator: " · "), width: inner,
        maxLines: 2)
      bottom -= hint.count
      for (index, line) in hint.enumerated() {
        buffer.write(line, row: bottom + 1 + index, column: left, role: .hint)
      }
    }
    codeLines(activate, top: row, bottom: bottom, left: left, width: inner)
  }

  /// The code lines from the one that keeps the focused line in view.
  mutating func codeLines(_ activate: ActivateState, top: Int, bottom: Int, left: Int, width: Int)
  {
    // Room for the longest label (`Code 99`, `Codice 99`) and a space before the field.
    let labelWidth = max(9, Display.width(tr("Code {number}", ["number": "99"])) + 2)
    let feedbackWidth = width - labelWidth
    let blocks = activate.lines.map {
      Self.feedback(for: $0, width: feedbackWidth, state.language, masked: maskCodes)
    }
    let heights = blocks.map { 1 + max(1, $0.count) }
    var first = 0
    while first < activate.focusedLine,
      heights[first...activate.focusedLine].reduce(0, +) > bottom - top + 1
    {
      first += 1
    }
    var row = top
    if first > 0 {
      buffer.write(
        "↑ " + tr("{count} more", ["count": String(first)]), row: row, column: left + labelWidth,
        role: .dim)
      row += 1
    }
    for index in first..<activate.lines.count {
      guard row + heights[index] - 1 <= bottom else {
        buffer.write(
          "↓ " + tr("{count} more", ["count": String(activate.lines.count - index)]), row: row,
                     column: left + labelWidth, role: .dim)
        break
      }
      let line = activate.lines[index]
      let focused = activate.focus == .content && index == activate.focusedLine
      buffer.write(
        tr("Code {number}", ["number": String(index + 1)]), row: row, column: left,
        role: focused ? .header : .normal)
      let text = Display.safe(maskCodes ? Display.maskedInput(line.text) : line.text)
      buffer.write("[", row: row, column: left + labelWidth - 1, role: .border)
      buffer.write(Display.pad(text, Self.codeFieldWidth), row: row, column: left + labelWidth,
                   role: focused ? .focused : .normal)
      buffer.write("]", row: row, column: left + labelWidth + Self.codeFieldWidth,
                   role: .border)
      if focused {
        buffer.cursor = (row, left + labelWidth + min(Display.width(text), Self.codeFieldWidth - 1))
      }
      for (offset, feedback) in blocks[index].enumerated() {
        buffer.write(feedback.text, row: row + 1 + offset, column: left + labelWidth,
                     role: feedback.role)
      }
      row += heights[index]
    }
  }

  /// Under a code line: what the store said, else the live format check.
  static func feedback(for line: CodeLine, width: Int, _ l: Language, masked: Bool = false)
    -> [(text: String, role: CellRole)]
  {
    func lines(_ text: String, _ role: CellRole, max: Int = 2) -> [(String, CellRole)] {
      Display.wrap(text, width: width, maxLines: max).map { ($0, role) }
    }
    switch line.lookup {
    case .activated(let plan):
      return lines(
        "✓ "
          + l.tr(
            "Activated: {plan}, {left} of {seats} left.",
            [
              "plan": Words.plan(plan.plan, l), "left": l.number(plan.seatsLeft),
              "seats": l.number(plan.plan.seats),
            ]), .hint)
    case .refused(let message):
      return lines("✗ " + Words.text(message, l), .error, max: 3)
    case nil:
      break
    }
    switch line.feedback {
    case .empty:
      return []
    case .incomplete(let symbols):
      return lines(
        l.tr(
          "{count} of {total} symbols",
          ["count": String(symbols), "total": String(ActivationCode.length)]), .dim)
    case .invalid(let error):
      return lines("✗ " + Words.text(.badCode(error), l), .error)
    case .wellFormed(let code):
      let shown = masked ? code.masked : code.canonical
      return lines("✓ " + l.tr("Well-formed: {code}. Next looks it up.", ["code": shown]), .hint)
    }
  }

  mutating func activatedPlans() {
    let (left, inner) = dialog()
    buffer.write(
      Display.fit(
        tr("Check that the right plan is shown. Choose the plan to assign, then Next."), inner),
      row: Self.contentTop, column: left)
    let plans = state.plansWithSeatsLeft
    let columns = Self.planColumns(x: left + 2, width: inner - 2, language: state.language)
    let headerRow = Self.contentTop + 2
    if plans.isEmpty {
      buffer.write(tr("No activated plan has seats left."), row: headerRow, column: left,
                   role: .dim)
    } else {
      buffer.header(columns, row: headerRow)
    }
    let visible = Layout.planListRows(size)
    let pointed = plans.firstIndex { $0.id == state.choosePlan.pointedPlanID } ?? 0
    let top = max(0, pointed - visible + 1)
    for (offset, plan) in plans.dropFirst(top).prefix(visible).enumerated() {
      let row = headerRow + 1 + offset
      pointer(top + offset == pointed && !plans.isEmpty, row: row, column: left)
      buffer.tableRow(columns, values: Self.planValues(plan, state.language), row: row)
    }
    if let message = state.choosePlan.message ?? state.loadError.map(Message.store) {
      buffer.write(
        Display.fit(Words.text(message, state.language), inner), row: messageRow, column: left,
        role: .error)
    } else if plans.count > visible {
      buffer.write(
        tr("{count} plans; ↑↓ scroll", ["count": String(plans.count)]), row: messageRow,
        column: left, role: .dim)
    }
  }
}
