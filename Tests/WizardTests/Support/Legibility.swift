import Foundation
import Wizard

/// Reads a rendered screen the way a person at an xterm with its default colours would, on a
/// light and on a dark background, with colours and without (`NO_COLOR`, a monochrome
/// terminal), and lists what they could not read or could not tell apart.
struct Legibility {
  /// WCAG AA for text.
  static let minimum = 4.5
  static let warningSentence = "Once you have assigned a plan to a device, you cannot change it."

  /// One way of showing the screen: colours or attributes only, on a light or dark xterm;
  /// and, so that the palette does not hang on it, colours without the bold brightening.
  struct Viewing: Hashable, CustomStringConvertible {
    var colour: Bool
    var terminal: Xterm.Background
    var brightens = true
    var description: String {
      "\(colour ? "colour" : "monochrome") \(terminal.rawValue)"
        + (brightens ? "" : " without bold brightening")
    }
    static let all = [true, false].flatMap { colour in
      Xterm.Background.allCases.map { Viewing(colour: colour, terminal: $0) }
    } + Xterm.Background.allCases.map { Viewing(colour: true, terminal: $0, brightens: false) }
  }

  /// The least legible character of the screen in one viewing.
  struct Lowest {
    var ratio: Double
    var place: String
  }

  var lowest: [Viewing: Lowest] = [:]
  var problems: [String] = []

  /// Checks `buffer` with the styles `styles` gives each role (the wizard's own by default).
  init(
    _ buffer: ScreenBuffer, styles: @escaping (CellRole, Bool) -> CellStyle = CellStyle.forRole
  ) {
    for viewing in Viewing.all {
      let style = { (role: CellRole) in styles(role, viewing.colour) }
      checkContrast(buffer, viewing, style)
      checkWarning(buffer, viewing, style)
      if hasPointer(buffer) && !style(.pointer).reverse {
        problems.append("\(viewing): the pointer is not in reverse video")
      }
    }
    checkRowMarker(buffer)
    checkExpiringMark(buffer)
  }

  /// Lowest contrast per viewing, for the closing note: `colour light 5.83:1 (…)`.
  func summary(_ name: String) -> String {
    let parts = Viewing.all.compactMap { viewing in
      lowest[viewing].map { "\(viewing) \(String(format: "%.2f", $0.ratio)):1 (\($0.place))" }
    }
    return "legibility \(name): lowest contrast " + parts.joined(separator: ", ")
  }

  // MARK: - The checks

  /// Every character that is not blank reads at ≥ 4.5:1 against what is behind it. What
  /// fails is told per role: how many characters, how low, and where the first one is.
  private mutating func checkContrast(
    _ buffer: ScreenBuffer, _ viewing: Viewing, _ style: (CellRole) -> CellStyle
  ) {
    var failing: [CellRole: (count: Int, ratio: Double, first: String)] = [:]
    for row in 0..<buffer.size.height {
      for column in 0..<buffer.size.width {
        let cell = buffer[row, column]
        guard !cell.character.isWhitespace else { continue }
        let ratio = Xterm.contrast(
          of: style(cell.role), on: viewing.terminal, brightens: viewing.brightens)
        let place = "'\(cell.character)' \(cell.role) at row \(row), column \(column)"
        if ratio < lowest[viewing]?.ratio ?? .infinity {
          lowest[viewing] = Lowest(ratio: ratio, place: place)
        }
        if ratio < Self.minimum {
          let seen = failing[cell.role] ?? (0, ratio, place)
          failing[cell.role] = (seen.count + 1, min(seen.ratio, ratio), seen.first)
        }
      }
    }
    for (role, seen) in failing.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      problems.append(
        "\(viewing): \(role) text reads \(String(format: "%.2f", seen.ratio)):1, under 4.5:1 "
          + "(\(seen.count) characters, the first \(seen.first))")
    }
  }

  /// The Confirm warning stands out from the text around it by an attribute, not by colour
  /// alone (bold, reverse or underline on every one of its characters); so does every
  /// warning and error, in whatever language it is written.
  private mutating func checkWarning(
    _ buffer: ScreenBuffer, _ viewing: Viewing, _ style: (CellRole) -> CellStyle
  ) {
    for role in [CellRole.warning, .error] where !style(role).emphasised {
      let cells = buffer.cells.filter { $0.role == role && !$0.character.isWhitespace }
      if !cells.isEmpty {
        problems.append(
          "\(viewing): \(cells.count) \(role) characters stand out by colour alone")
      }
    }
    let sentence = Array(Self.warningSentence)
    for row in 0..<buffer.size.height {
      let line = (0..<buffer.size.width).map { buffer[row, $0].character }
      guard let start = Self.find(sentence, in: line) else { continue }
      let plain = (start..<(start + sentence.count)).filter { column in
        let cell = buffer[row, column]
        return !cell.character.isWhitespace && !style(cell.role).emphasised
      }
      if !plain.isEmpty {
        problems.append(
          "\(viewing): the warning on row \(row) does not stand out without colour "
            + "(\(plain.count) characters neither bold, reverse nor underlined)")
      }
    }
  }

  /// The current row is marked by more than colour: the pointer `>` (and the check box beside
  /// it, where there is one), all on one row; `init` checks that its style is reverse video.
  private mutating func checkRowMarker(_ buffer: ScreenBuffer) {
    let rows = Set((0..<buffer.size.height).filter { row in
      (0..<buffer.size.width).contains { buffer[row, $0].role == .pointer }
    })
    guard let row = rows.first else { return }
    if rows.count > 1 { problems.append("the pointer is on \(rows.count) rows: \(rows.sorted())") }
    let cells = (0..<buffer.size.width).map { buffer[row, $0] }
    if !cells.contains(where: { $0.role == .pointer && $0.character == ">" }) {
      problems.append("the current row \(row) has no `>` pointer")
    }
    // A check box on the current row is part of the marker.
    let line = cells.map(\.character)
    for box in [Array("[ ]"), Array("[x]")] {
      if let start = Self.find(box, in: line),
        cells[start..<(start + 3)].contains(where: { $0.role != .pointer })
      {
        problems.append("the check box on the current row \(row) is not marked with the pointer")
      }
    }
  }

  /// A row shown as expiring carries the `!` mark, so colour or bold is never the only sign.
  private mutating func checkExpiringMark(_ buffer: ScreenBuffer) {
    for row in 0..<buffer.size.height {
      let cells = (0..<buffer.size.width).map { buffer[row, $0] }
      let expiring = cells.contains { $0.role == .expiring && !$0.character.isWhitespace }
      if expiring && !cells.contains(where: { $0.character == "!" }) {
        problems.append("row \(row) is shown as expiring without the `!` mark")
      }
    }
  }

  private func hasPointer(_ buffer: ScreenBuffer) -> Bool {
    buffer.cells.contains { $0.role == .pointer }
  }

  static func find(_ needle: [Character], in line: [Character]) -> Int? {
    guard needle.count <= line.count else { return nil }
    return (0...(line.count - needle.count)).first { start in
      line[start..<(start + needle.count)].elementsEqual(needle)
    }
  }
}
