/// A key as the wizard understands it; the terminal maps curses keys and terminfo
/// sequences to these (one pure table), and the wizard maps these to actions (another).
public enum Key: Hashable, Sendable {
  case character(Character)
  case up, down, left, right
  case pageUp, pageDown, home, end
  case enter, tab, backTab, escape, backspace, delete
  case space
  /// F1 (help).
  case help
  /// Ctrl-C: quit from anywhere without writing.
  case interrupt
  /// Ctrl-L: repaint.
  case redraw
}
