import Foundation
import Localization
import Subscriptions

/// The current screen at `size`, as cells with roles. Pure: the same state and size always
/// give the same buffer, so tests compare whole screens.
public func render(_ state: State, _ size: Size) -> ScreenBuffer {
  Renderer(state: state, size: size).render()
}

/// The same frame with every code typed on Activate Code masked to its last group
/// (`*****-*****-*****-ABCDE`): what a recording of a session on a real store keeps.
public func render(_ state: State, _ size: Size, maskingCodes: Bool) -> ScreenBuffer {
  var renderer = Renderer(state: state, size: size)
  renderer.maskCodes = maskingCodes
  return renderer.render()
}

/// Draws one frame. Split by screen over `Renderer+*.swift`.
struct Renderer {
  let state: State
  let size: Size
  var buffer: ScreenBuffer
  /// Codes typed show only their last group (a recording on a real store).
  var maskCodes = false

  init(state: State, size: Size) {
    self.state = state
    self.size = size
    buffer = ScreenBuffer(size: size)
  }

  func render() -> ScreenBuffer {
    var renderer = self
    if size.width < Size.minimum.width || size.height < Size.minimum.height {
      renderer.tooSmall()
      return renderer.buffer
    }
    renderer.titleBar()
    switch state.screen {
    case .overview:
      renderer.overview()
      if state.gateway.confirming { renderer.gatewayConfirmation() }
    case .activateCode: renderer.activateCode()
    case .activatedPlans: renderer.activatedPlans()
    case .assignToDevice: renderer.assign()
    case .confirm: renderer.confirm()
    case .success: renderer.success()
    }
    renderer.keyHelp()
    if state.showingHelp { renderer.help() }
    return renderer.buffer
  }

  var width: Int { size.width }
  var height: Int { size.height }

  /// `msgid` in the wizard's language.
  func tr(_ msgid: String, _ arguments: [String: String] = [:]) -> String {
    state.language.tr(msgid, arguments)
  }

  /// The plural form of `singular`/`plural` for `count` in the wizard's language.
  func trn(_ singular: String, _ plural: String, count: Int, _ arguments: [String: String] = [:])
    -> String
  {
    state.language.trn(singular, plural, count: count, arguments)
  }

  /// A count as the wizard's language writes it (1,000,000; 1 000 000).
  func number(_ value: Int) -> String { state.language.number(value) }

  // MARK: - Frame

  /// Below 80×24 nothing else is drawn: a cut-off wizard would hide buttons and dates.
  mutating func tooSmall() {
    let message = tr(
      "Terminal too small: need {needed}, have {size}",
      ["needed": "\(Size.minimum.width)×\(Size.minimum.height)", "size": "\(width)×\(height)"])
    let advice = tr("Enlarge the window, or press Ctrl-C to quit.")
    var row = 0
    for line in Display.wrap(message, width: width) + Display.wrap(advice, width: width) {
      guard row < height else { break }
      buffer.write(line, row: row, column: 0, role: row == 0 ? .warning : .normal)
      row += 1
    }
  }

  /// Row 0: where the technician is, and the instant the wizard works at.
  mutating func titleBar() {
    // Long titles (German, Russian) give up the product name, then the step, before
    // running into the clock.
    let name = Words.title(state.screen, state.language)
    let step = state.screen.step.map {
      " · " + tr("step {step} of {steps}", ["step": String($0), "steps": "5"])
    } ?? ""
    let room = width - Display.width(Display.minute(state.now)) - 3
    let title = [" SmartConnect · " + name + step, " " + name + step, " " + name].first {
      Display.width($0) <= room
    } ?? " " + Display.fit(name, room - 1)
    buffer.write(String(repeating: " ", count: width), row: 0, column: 0, role: .title)
    buffer.write(title, row: 0, column: 0, role: .title)
    buffer.writeRight(Display.minute(state.now) + " ", row: 0, end: width, role: .title)
  }

  /// The last row: the keys that work here, or a note about input that was set aside.
  mutating func keyHelp() {
    if let notice = state.notice {
      buffer.write(
        " " + Display.fit(Words.text(notice, state.language), width - 1), row: height - 1,
                   column: 0, role: .warning)
      return
    }
    buffer.write(" " + Self.keys(for: state), row: height - 1, column: 0, role: .hint)
  }

  /// The keys that work on the current screen, each with what it does.
  static func keys(for state: State) -> String {
    let l = state.language
    let filterHint = [
      ("", l.tr("Type to filter by name, serial, model or site")), ("Enter/Esc", l.tr("Done")),
      ("F1", l.tr("Help")),
    ]
    let pairs: [(String, String)]
    if state.working {
      // A write under way can be stopped; a read is only waited for.
      let writing = state.confirm.committing || state.gateway.adding
        || state.activate.lines.contains { !$0.isBlank && $0.lookup == nil }
      pairs = [("", l.tr("Working… the store has not answered yet"))]
        + (writing
          ? [("Esc", l.tr("Stop")), ("Ctrl-C", l.tr("Stop and quit"))]
          : [("Ctrl-C", l.tr("Quit"))])
      return pairs.map { key, label in
        [key, label].filter { !$0.isEmpty }.joined(separator: " ")
      }.joined(separator: "  ")
    }
    switch state.screen {
    case .overview where state.gateway.confirming:
      pairs = [("Enter", l.tr("Add them")), ("Esc", l.tr("Cancel")), ("F1", l.tr("Help"))]
    case .overview:
      pairs = state.overview.list.editingFilter ? filterHint : [
        ("a", l.tr("Activate Code")), ("/", l.tr("Filter")),
        ("↑↓ PgUp PgDn Home End", l.tr("Move")), ("F1", l.tr("Help")), ("q", l.tr("Quit")),
      ]
    case .activateCode:
      pairs = [
        ("Enter", l.tr("Next")), ("↓", l.tr("Another code")), ("Tab", l.tr("Focus")),
        ("Esc", l.tr("Back")), ("F1", l.tr("Help")), ("Ctrl-C", l.tr("Quit")),
      ]
    case .activatedPlans:
      pairs = [
        ("↑↓", l.tr("Choose a plan")), ("Enter", l.tr("Next")), ("Tab", l.tr("Focus")),
        ("Esc", l.tr("Back")), ("F1", l.tr("Help")), ("Ctrl-C", l.tr("Quit")),
      ]
    case .assignToDevice:
      var list: [(String, String)] = [("Space", l.tr("Select")), ("/", l.tr("Filter"))]
      if state.gateway.hasUnits {
        list.append(("g", state.assign.onGateway ? l.tr("All devices") : l.tr("This gateway")))
      }
      list += [
        ("↑↓ PgUp PgDn Home End", ""), ("Enter", l.tr("Next")), ("Esc", l.tr("Back")),
        ("F1", l.tr("Help")),
      ]
      pairs = state.assign.list.editingFilter ? filterHint : list
    case .confirm:
      pairs = [
        ("Enter", l.tr("Confirm")), ("↑↓", l.tr("Scroll")), ("Tab", l.tr("Focus")),
        ("Esc", l.tr("Back")), ("F1", l.tr("Help")), ("Ctrl-C", l.tr("Quit unwritten")),
      ]
    case .success:
      pairs = [
        ("Enter", l.tr("the focused button")), ("Tab", l.tr("Focus")),
        ("Esc", l.tr("Overview")), ("F1", l.tr("Help")), ("Ctrl-C", l.tr("Quit")),
      ]
    }
    return fitted(pairs, width: state.size.width - 1)
  }

  /// The key line as wide as `width` allows: two spaces between keys; where the words run
  /// long (German, Russian), the long list of move keys shortens to `↑↓`, then one space.
  static func fitted(_ pairs: [(String, String)], width: Int) -> String {
    func line(_ pairs: [(String, String)], _ gap: String) -> String {
      pairs.map { key, label in [key, label].filter { !$0.isEmpty }.joined(separator: " ") }
        .joined(separator: gap)
    }
    let short = pairs.map { ($0.0 == "↑↓ PgUp PgDn Home End" ? "↑↓" : $0.0, $0.1) }
    for candidate in [line(pairs, "  "), line(short, "  "), line(short, " ")]
    where Display.width(candidate) <= width {
      return candidate
    }
    return line(short, " ")
  }

  // MARK: - Dialog frame

  /// The dialog box under the title bar, its title, and its buttons. Returns the content
  /// area's left column and width.
  mutating func dialog() -> (left: Int, width: Int) {
    buffer.box(
      top: 1, left: 0, bottom: height - 2, right: width - 1,
      title: Words.title(state.screen, state.language))
    buffer.buttons(
      state.buttons, focused: state.focus.button, row: Layout.buttonRow(size), left: 1,
      right: width - 2, language: state.language)
    return (2, width - 4)
  }

  /// The first content row of a dialog.
  static let contentTop = 2

  /// The row for a dialog's message line (just above the blank line over the buttons).
  var messageRow: Int { Layout.buttonRow(size) - 2 }

  // MARK: - Help

  static func helpLines(_ l: Language) -> [(String, String)] {
    [
      ("a", l.tr("Activate Code (on the Overview)")),
      ("↑ ↓", l.tr("Move the pointer")),
      ("PgUp PgDn", l.tr("Page through a list")),
      ("Home End", l.tr("First or last row")),
      ("Space", l.tr("Select or unselect a device")),
      ("/", l.tr("Filter by name, serial, model or site")),
      ("g", l.tr("Gateway's UPS units: add, or show only them")),
      ("Tab Shift-Tab", l.tr("Move between the list and the buttons")),
      ("Enter", l.tr("The focused button (Next by default)")),
      ("Esc", l.tr("Back one screen; what you typed is kept")),
      ("F1 ?", l.tr("This help")),
      ("Ctrl-L", l.tr("Repaint the screen")),
      ("q", l.tr("Quit (on the Overview)")),
      ("Ctrl-C", l.tr("Quit at once without writing anything")),
    ]
  }

  /// The help box over the screen, inside what frames it: the Overview's title bar and key
  /// line, a dialog's border and buttons stay in view (and say where the help came from).
  mutating func help() {
    let onDialog = state.screen != .overview
    let area = onDialog
      ? (top: Self.contentTop, bottom: Layout.buttonRow(size) - 1)
      : (top: 1, bottom: height - 2)
    let boxWidth = min(width - 4, 76)
    let notes = Display.wrap(
      tr(
        "Plans stack: the same tier extends, Standard to Advanced upgrades at once, Advanced to Standard starts when Advanced ends."
      ), width: boxWidth - 4)
    let helpLines = Self.helpLines(state.language)
    // The borders, the keys, a blank line and the notes; the bottom border says how to close.
    // Where that is too tall (over a dialog, notes that wrap long), the blank line goes first.
    let room = area.bottom - area.top + 1
    let gap = helpLines.count + notes.count + 3 <= room ? 1 : 0
    let wanted = helpLines.count + notes.count + 2 + gap
    let boxHeight = min(room, wanted)
    let top = area.top + max(0, (area.bottom - area.top + 1 - boxHeight) / 2)
    let left = (width - boxWidth) / 2
    let bottom = top + boxHeight - 1
    let right = left + boxWidth - 1
    // A blank margin keeps the help readable over the screen beneath.
    buffer.clear(top: max(area.top, top - 1), left: max(onDialog ? 1 : 0, left - 1),
                 bottom: min(area.bottom, bottom + 1),
                 right: min(width - (onDialog ? 2 : 1), right + 1))
    buffer.box(top: top, left: left, bottom: bottom, right: right, title: tr("Help"))
    let footer = " " + tr("Press any key to close.") + " "
    if Display.width(footer) <= boxWidth - 4 {
      buffer.write(footer, row: bottom, column: left + 2, role: .hint)
    }
    var row = top + 1
    let notesShown = min(notes.count, max(0, boxHeight - 3))
    for (keys, meaning) in helpLines where row < bottom - notesShown - gap {
      buffer.write(Display.pad(keys, 14), row: row, column: left + 2, role: .header)
      buffer.write(Display.fit(meaning, boxWidth - 20), row: row, column: left + 17)
      row += 1
    }
    row = bottom - notesShown
    for line in notes.prefix(notesShown) {
      buffer.write(line, row: row, column: left + 2, role: .hint)
      row += 1
    }
  }
}
