import Wizard

/// The eight ANSI colours, by their curses numbers.
public enum TerminalColor: Int16, Hashable, Sendable {
  case black = 0
  case red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks: a foreground colour on the terminal's own background, and attributes.
public struct CellStyle: Hashable, Sendable {
  public var foreground: TerminalColor?
  public var bold = false
  public var reverse = false
  public var underline = false
  public var dim = false

  public init(
    foreground: TerminalColor? = nil, bold: Bool = false, reverse: Bool = false,
    underline: Bool = false, dim: Bool = false
  ) {
    self.foreground = foreground
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }

  /// The plain style: nothing to send.
  public static let plain = CellStyle()

  /// The style for each role: colours when `colour`, attributes only otherwise (a terminal
  /// without colours, or `NO_COLOR` set).
  ///
  /// Backgrounds stay the terminal's own (`use_default_colors`): a light or dark theme keeps
  /// working, and no background colour is ever re-sent on an attribute change.
  public static func forRole(_ role: CellRole, colour: Bool) -> CellStyle {
    colour ? coloured(role) : monochrome(role)
  }

  static func coloured(_ role: CellRole) -> CellStyle {
    switch role {
    case .normal: .plain
    case .title: CellStyle(foreground: .cyan, bold: true)
    case .border: CellStyle(foreground: .blue)
    case .header: CellStyle(bold: true)
    case .focused: CellStyle(bold: true, reverse: true)
    // The pointer moves on every ↓: bold alone costs ~28 bytes a move, a colour ~10 more.
    case .pointer: CellStyle(bold: true)
    case .selected: CellStyle(foreground: .green, bold: true)
    case .dim: CellStyle(dim: true)
    case .expiring: CellStyle(foreground: .yellow, bold: true)
    case .warning: CellStyle(foreground: .yellow, bold: true)
    case .error: CellStyle(foreground: .red, bold: true)
    case .hint: CellStyle(foreground: .cyan)
    }
  }

  static func monochrome(_ role: CellRole) -> CellStyle {
    switch role {
    case .normal, .border: .plain
    case .title: CellStyle(bold: true)
    case .header: CellStyle(underline: true)
    case .focused: CellStyle(reverse: true)
    case .pointer: CellStyle(bold: true)
    case .selected: CellStyle(bold: true)
    case .dim, .hint: CellStyle(dim: true)
    case .expiring: CellStyle(bold: true, underline: true)
    case .warning: CellStyle(bold: true)
    case .error: CellStyle(bold: true, reverse: true)
    }
  }
}
