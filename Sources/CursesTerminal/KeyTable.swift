import CNCurses
import Wizard

/// The pure table from what curses reads to the wizard's keys.
///
/// Keys arrive through `keypad()`, which decodes the terminal's own sequences from terminfo,
/// so the table never sees escape sequences; raw mode delivers Ctrl-C as character 3.
public enum KeyTable {
  /// The event for one input, or `nil` for one the wizard has no use for.
  public static func event(for input: CursesInput) -> TerminalEvent? {
    switch input {
    case .character(let value): character(value)
    case .keyCode(let code): keyCode(code)
    }
  }

  static func character(_ value: UInt32) -> TerminalEvent? {
    switch value {
    case 3: return .key(.interrupt)  // Ctrl-C in raw mode
    case 8, 127: return .key(.backspace)  // ^H and DEL: terminals differ
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)  // with nonl() Enter reads as CR
    case 12: return .key(.redraw)  // Ctrl-L
    case 27: return .key(.escape)  // a lone ESC, after ESCDELAY
    case 32: return .key(.space)
    case 0..<32, 0x80..<0xA0: return nil  // other control characters mean nothing here
    default:
      guard let scalar = Unicode.Scalar(value) else { return nil }
      return .key(.character(Character(scalar)))
    }
  }

  static func keyCode(_ code: Int32) -> TerminalEvent? {
    switch code {
    case KEY_UP: return .key(.up)
    case KEY_DOWN: return .key(.down)
    case KEY_LEFT: return .key(.left)
    case KEY_RIGHT: return .key(.right)
    case KEY_PPAGE: return .key(.pageUp)
    case KEY_NPAGE: return .key(.pageDown)
    // vt220 and the linux console send Find/Select (kfnd/kslt) for Home/End.
    case KEY_HOME, KEY_FIND, KEY_A1: return .key(.home)
    case KEY_END, KEY_SELECT, KEY_LL, KEY_C1: return .key(.end)
    case KEY_A3: return .key(.pageUp)
    case KEY_C3: return .key(.pageDown)
    case KEY_BTAB: return .key(.backTab)
    case KEY_ENTER: return .key(.enter)
    case KEY_BACKSPACE: return .key(.backspace)
    case KEY_DC: return .key(.delete)
    case KEY_RESIZE: return .resize
    case cn_key_f(1): return .key(.help)
    default: return nil
    }
  }
}
