import Localization

// Drawing helpers the renderer composes screens from. Line drawing is Unicode here; the
// terminal maps it to ACS or ASCII where the locale needs.

extension ScreenBuffer {
  /// Paints `role` over a run of cells without changing their characters (title bars).
  mutating func fill(row: Int, from column: Int, to end: Int, role: CellRole) {
    guard row >= 0, row < size.height else { return }
    for col in max(0, column)..<min(end, size.width) {
      self[row, col].role = role
    }
  }

  /// Clears a rectangle to blanks (under an overlay).
  mutating func clear(top: Int, left: Int, bottom: Int, right: Int) {
    // Written, not assigned: a double-width character cut by the edge goes whole.
    for row in top...bottom {
      write(String(repeating: " ", count: right - left + 1), row: row, column: left)
    }
  }

  /// A box with `title` set into its top border: `┌─ Title ───┐`.
  mutating func box(top: Int, left: Int, bottom: Int, right: Int, title: String) {
    guard bottom > top, right > left else { return }
    let horizontal = String(repeating: "─", count: max(0, right - left - 1))
    write("┌" + horizontal + "┐", row: top, column: left, role: .border)
    write("└" + horizontal + "┘", row: bottom, column: left, role: .border)
    for row in (top + 1)..<bottom {
      write("│", row: row, column: left, role: .border)
      write("│", row: row, column: right, role: .border)
    }
    let shown = Display.fit(title, right - left - 5)
    if !shown.isEmpty {
      write(" " + shown + " ", row: top, column: left + 2, role: .title)
    }
  }

  /// Buttons centred on `row` between `left` and `right`, two spaces apart; the focused one
  /// in the focused role.
  mutating func buttons(
    _ buttons: [Button], focused: Button?, row: Int, left: Int, right: Int,
    language: Language = .english
  ) {
    let labels = buttons.map { Words.button($0, language) }
    let total = labels.map { Display.width($0) }.reduce(0, +) + 2 * max(0, buttons.count - 1)
    var col = left + max(0, (right - left + 1 - total) / 2)
    for (button, label) in zip(buttons, labels) {
      col = write(label, row: row, column: col,
                  role: button == focused ? .focused : .normal)
      col += 2
    }
  }

  /// Text written right-aligned so that it ends just before column `end`.
  @discardableResult
  mutating func writeRight(_ text: String, row: Int, end: Int, role: CellRole = .normal) -> Int {
    let start = end - Display.width(text)
    write(text, row: row, column: start, role: role)
    return start
  }
}

/// A table column: how wide it may be, how it grows, and how soon it is dropped when the
/// terminal is narrow.
struct Column {
  /// The column's key (English); `label` is what the header shows, in the language.
  var title: String
  var label = ""
  var width: Int
  /// What the column widens to first, before any column grows past its ideal.
  var ideal = 0
  var grow = 0
  var maxWidth = Int.max
  /// 0: always shown. Others are shown lowest number first, each once all shown columns
  /// fit at their ideal widths with it (so the highest is dropped first, and a column shown
  /// at one width is shown at every wider one).
  var drop = 0
  var alignRight = false
}

/// Columns placed on a line: where each starts and how wide it is.
struct PlacedColumn {
  var column: Column
  var x: Int
  var width: Int
}

extension Column {
  /// Fits `columns` into `width` cells with `gap` between them. The columns that are never
  /// dropped come first; the others join in `drop` order (lowest first) only while every
  /// column shown still gets its ideal width, so a wider terminal never cuts a value that a
  /// narrower one showed whole (it shows a column more only once there is room for it).
  /// What is left goes first to the ideals, then to the growing columns.
  /// Each column is at least as wide as its header in `language`: a label is never cut.
  static func place(
    _ given: [Column], x: Int, width: Int, gap: Int = 2, language: Language = .english
  ) -> [PlacedColumn] {
    let columns = given.map { column in
      var column = column
      column.label = Words.column(column.title, language)
      column.width = max(
        column.width, Display.width(column.label), Words.valueWidth(column.title, language))
      column.maxWidth = max(column.maxWidth, column.width)
      return column
    }
    func used(_ widths: [Int]) -> Int { widths.reduce(0, +) + gap * max(0, widths.count - 1) }
    func ideal(_ index: Int) -> Int { max(columns[index].width, columns[index].ideal) }
    var shown = columns.indices.filter { columns[$0].drop == 0 }
    let optional = columns.indices.filter { columns[$0].drop > 0 }
      .sorted { columns[$0].drop < columns[$1].drop }
    // Stop at the first that does not fit: what a width shows, every wider one shows too.
    for candidate in optional {
      guard used((shown + [candidate]).map(ideal)) <= width else { break }
      shown.append(candidate)
    }
    let kept = shown.sorted().map { columns[$0] }
    var widths = kept.map(\.width)
    var extra = max(0, width - used(widths))
    // First every column up to its ideal, left to right; then the growing ones share the rest.
    for index in kept.indices where extra > 0 && kept[index].ideal > widths[index] {
      let share = min(extra, kept[index].ideal - widths[index])
      widths[index] += share
      extra -= share
    }
    // Hand out the extra one cell at a time in weight order; cheap for a handful of columns.
    while extra > 0 {
      var given = false
      for index in kept.indices where kept[index].grow > 0 && widths[index] < kept[index].maxWidth {
        let share = min(extra, kept[index].grow, kept[index].maxWidth - widths[index])
        widths[index] += share
        extra -= share
        given = given || share > 0
        if extra == 0 { break }
      }
      if !given { break }
    }
    var placed: [PlacedColumn] = []
    var col = x
    for (index, column) in kept.enumerated() {
      placed.append(PlacedColumn(column: column, x: col, width: widths[index]))
      col += widths[index] + gap
    }
    return placed
  }
}

extension ScreenBuffer {
  /// Writes the column titles.
  mutating func header(_ columns: [PlacedColumn], row: Int) {
    for placed in columns {
      let label = placed.column.label.isEmpty ? placed.column.title : placed.column.label
      write(Display.pad(label, placed.width, right: placed.column.alignRight),
            row: row, column: placed.x, role: .header)
    }
  }

  /// Writes one table line: each value fitted to its column (ellipsised, never spilling).
  mutating func tableRow(
    _ columns: [PlacedColumn], values: [String: String], row: Int,
    role: CellRole = .normal, roles: [String: CellRole] = [:]
  ) {
    for placed in columns {
      let value = values[placed.column.title] ?? ""
      write(Display.pad(value, placed.width, right: placed.column.alignRight),
            row: row, column: placed.x, role: roles[placed.column.title] ?? role)
    }
  }
}
