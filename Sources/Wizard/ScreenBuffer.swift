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

/// One cell: a single-width character and its role.
public struct Cell: Hashable, Sendable {
  public var character: Character
  public var role: CellRole
  public init(_ character: Character = " ", role: CellRole = .normal) {
    self.character = character
    self.role = role
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
  @discardableResult
  public mutating func write(_ text: String, row: Int, column: Int, role: CellRole = .normal)
    -> Int
  {
    var col = column
    guard row >= 0, row < size.height else { return col }
    for character in text {
      if col >= size.width { break }
      if col >= 0 { cells[row * size.width + col] = Cell(character, role: role) }
      col += 1
    }
    return col
  }

  /// The screen as plain text, one line per row, trailing spaces trimmed: what the golden
  /// files hold and what a person reads.
  public var text: String {
    var lines: [String] = []
    lines.reserveCapacity(size.height)
    for row in 0..<size.height {
      var line = String(cells[(row * size.width)..<((row + 1) * size.width)].map(\.character))
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
