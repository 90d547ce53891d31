/// The eight ANSI colours, by their curses (and SGR) numbers.
public enum TerminalColor: Int16, Hashable, Sendable, CaseIterable {
  case black = 0
  case red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks: colours (`nil` is the terminal's own) and attributes.
public struct CellStyle: Hashable, Sendable {
  public var foreground: TerminalColor?
  public var background: TerminalColor?
  public var bold = false
  public var reverse = false
  public var underline = false

  public init(
    foreground: TerminalColor? = nil, background: TerminalColor? = nil, bold: Bool = false,
    reverse: Bool = false, underline: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
  }

  /// The plain style: nothing to send.
  public static let plain = CellStyle()

  /// Whether the cell stands out from text without any colour: bold, reverse or underline.
  public var emphasised: Bool { bold || reverse || underline }

  /// The style for each role: colours when `colour`, attributes only otherwise (a terminal
  /// without colours, or `NO_COLOR` set).
  ///
  /// The rule, so that every role reads on a light and on a dark terminal alike: on the
  /// terminal's own background, only the terminal's own foreground, emphasised by bold,
  /// reverse or underline; a colour only together with a background colour of its own. No
  /// foreground colour can pass on both: against xterm's white it needs a luminance of at
  /// most 0.183 for 4.5:1, against black at least 0.175, and bold moves the eight basic
  /// colours to their bright halves. Dim (faint) is not used: how faint it draws is up to
  /// each terminal. The pairs chosen read ≥ 4.5:1 in xterm's palette with or without the
  /// bold brightening (every golden screen is checked: Tests/WizardTests/Support/Legibility).
  public static func forRole(_ role: CellRole, colour: Bool) -> CellStyle {
    colour ? coloured(role) : monochrome(role)
  }

  static func coloured(_ role: CellRole) -> CellStyle {
    switch role {
    case .normal, .border, .dim, .hint: .plain
    // White on blue: 9.4:1 bold (bright white), 7.5:1 without the brightening.
    case .title: CellStyle(foreground: .white, background: .blue, bold: true)
    // `[x]` says it: an attribute there would cost ~10 bytes more on a ↓ off that row.
    case .selected: .plain
    case .header, .expiring: CellStyle(bold: true)
    case .focused: CellStyle(bold: true, reverse: true)
    // Reverse alone: the cheapest change that still marks the row (bytes per ↓).
    case .pointer: CellStyle(reverse: true)
    // Black on yellow, 12:1; never bold (xterm would turn the black grey: 2.4:1). The
    // underline makes it stand out where the colour is gone.
    case .warning: CellStyle(foreground: .black, background: .yellow, underline: true)
    // White on red: 5.8:1 bold (bright white), 4.6:1 without the brightening.
    case .error: CellStyle(foreground: .white, background: .red, bold: true)
    }
  }

  static func monochrome(_ role: CellRole) -> CellStyle {
    switch role {
    case .normal, .border, .dim, .hint, .selected: .plain
    case .title: CellStyle(bold: true)
    case .header: CellStyle(underline: true)
    case .focused, .pointer: CellStyle(reverse: true)
    case .expiring, .warning: CellStyle(bold: true, underline: true)
    case .error: CellStyle(bold: true, reverse: true)
    }
  }
}
