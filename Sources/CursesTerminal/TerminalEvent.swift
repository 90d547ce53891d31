import Wizard

/// What one read from the terminal means to the run loop.
public enum TerminalEvent: Hashable, Sendable {
  /// A key for the wizard (Ctrl-L arrives as `.key(.redraw)` and is the terminal's own).
  case key(Key)
  /// The window changed size (`KEY_RESIZE`): render again at the new size.
  case resize
}

/// What `get_wch` returned: a character, or a key code when it said `KEY_CODE_YES`.
public enum CursesInput: Hashable, Sendable {
  case character(UInt32)
  case keyCode(Int32)
}
