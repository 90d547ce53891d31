/// A terminal size in cells.
public struct Size: Hashable, Sendable {
  public var width: Int
  public var height: Int
  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }
  /// The reference size of the golden screens and the smallest the wizard draws at.
  public static let minimum = Size(width: 80, height: 24)
}

/// What a cell means, not how it looks: the terminal picks a colour pair, or attributes
/// where there is no colour (or `NO_COLOR` is set).
public enum CellRole: UInt8, Hashable, Sendable, CaseIterable {
  case normal, title, border, focused, pointer, selected, dim, expiring, warning, error, hint,
    header
}

/// One cell: a character (a grapheme cluster the terminal draws in one or two cells) and
/// its role. A double-width character fills its cell and the next, which is its tail.
public struct Cell: Hashable, Sendable {
  public var character: Character
  public var role: CellRole
  /// The right half of the double-width character in the cell before: nothing is drawn here.
  public var isWideTail: Bool
  public init(_ character: Character = " ", role: CellRole = .normal) {
    self.character = character
    self.role = role
    isWideTail = false
  }

  /// The cell a double-width character covers to the right of its own.
  public static func wideTail(role: CellRole) -> Cell {
    var cell = Cell(" ", role: role)
    cell.isWideTail = true
    return cell
  }
}

/// A rendered screen, like ratatui's `Buffer`: what `render(state, size)` returns and the
/// terminal draws. Line drawing is Unicode here; the terminal maps it to ACS or ASCII.
public struct ScreenBuffer: Hashable, Sendable {
  public let size: Size
  public private(set) var cells: [Cell]
  /// Where the terminal cursor should be shown (a text field), or `nil` to hide it.
  public var cursor: (row: Int, column: Int)? {
    get { cursorRow.map { ($0, cursorColumn) } }
    set {
      cursorRow = newValue?.row
      cursorColumn = newValue?.column ?? 0
    }
  }
  private var cursorRow: Int?
  /// Some text did not fit: a write ran past the right edge with more than blanks left.
  /// Not part of the screen (== ignores it); the layout tests assert it never happens.
  public private(set) var overflowed = false
  private var cursorColumn = 0

  public init(size: Size) {
    self.size = size
    cells = Array(repeating: Cell(), count: max(0, size.width * size.height))
  }

  public subscript(row: Int, column: Int) -> Cell {
    get { cells[row * size.width + column] }
    set {
      guard row >= 0, row < size.height, column >= 0, column < size.width else { return }
      cells[row * size.width + column] = newValue
    }
  }

  /// Writes `text` from (row, column), clipped at the right edge; returns the column after.
  /// Columns are terminal cells: a double-width character takes two, a combining mark none;
  /// a double-width character that would straddle the right edge leaves a blank instead.
  @discardableResult
  public mutating func write(_ text: String, row: Int, column: Int, role: CellRole = .normal)
    -> Int
  {
    var col = column
    guard row >= 0, row < size.height else { return col }
    for (offset, character) in text.enumerated() {
      for (unit, width) in Display.cellUnits(character) {
        if col >= size.width {
          if text.dropFirst(offset).contains(where: { $0 != " " }) { overflowed = true }
          return col
        }
        if width == 2 && col + 1 >= size.width {
          overflowed = true
          if col >= 0 { place(Cell(" ", role: role), row: row, column: col) }
          return col + 1
        }
        if col >= 0 {
          place(Cell(unit, role: role), row: row, column: col)
          if width == 2 { place(.wideTail(role: role), row: row, column: col + 1) }
        } else if width == 2, col + 1 == 0 {
          place(Cell(" ", role: role), row: row, column: 0)
        }
        col += width
      }
    }
    return col
  }

  /// Puts `cell` at (row, column); a double-width character it overwrites half of loses its
  /// other half too, so no half character is ever left on screen.
  private mutating func place(_ cell: Cell, row: Int, column: Int) {
    let index = row * size.width + column
    let old = cells[index]
    if old.isWideTail, column > 0, !cells[index - 1].isWideTail {
      cells[index - 1] = Cell(" ", role: cells[index - 1].role)
    }
    if !old.isWideTail, column + 1 < size.width, cells[index + 1].isWideTail, !cell.isWideTail {
      cells[index + 1] = Cell(" ", role: cells[index + 1].role)
    }
    cells[index] = cell
  }

  /// Whether the cell at (row, column) holds a double-width character.
  public func isWide(row: Int, column: Int) -> Bool {
    column + 1 < size.width && !self[row, column].isWideTail && self[row, column + 1].isWideTail
  }

  /// The screen as plain text, one line per row, trailing spaces trimmed: what the golden
  /// files hold and what a person reads.
  public var text: String {
    var lines: [String] = []
    lines.reserveCapacity(size.height)
    for row in 0..<size.height {
      var line = String(
        cells[(row * size.width)..<((row + 1) * size.width)].filter { !$0.isWideTail }
          .map(\.character))
      while line.last == " " { line.removeLast() }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public static func == (lhs: ScreenBuffer, rhs: ScreenBuffer) -> Bool {
    lhs.size == rhs.size && lhs.cells == rhs.cells && lhs.cursorRow == rhs.cursorRow
      && lhs.cursorColumn == rhs.cursorColumn
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(size)
    hasher.combine(cells)
  }
}
