import CNCurses
import CTerminalRescue
import Foundation
import Wizard

/// The curses screen: starts and ends curses and draws screen buffers on it.
///
/// Frames are drawn with `werase` + per-cell writes + `wnoutrefresh` + `doupdate`, so curses
/// sends only what changed since the last frame; `clear()` is never used per frame (it sends
/// the whole screen, seconds per key at 9600 baud), only on Ctrl-L via `clearok`.
final class CursesScreen {
  private let screen: OpaquePointer
  private let window: UnsafeMutablePointer<WINDOW>
  /// Whether the locale is UTF-8; when not, every character drawn is ASCII.
  let unicode: Bool
  /// Whether colour pairs are in use (the terminal has colours and NO_COLOR is not set).
  let colour: Bool
  /// The attributes (with the colour pair folded in) and pair for each role, by raw value.
  private let attributes: [attr_t]
  private let pairs: [Int16]
  private var cursorShown: Bool?
  /// Whether the terminal can hide the cursor (`civis`; a vt100 cannot).
  private var cursorHides = true
  private var ended = false
  /// The bracketed-paste sequences, when the terminal has them (the mode is on while curses runs).
  let paste: BracketedPaste?

  /// Starts curses on stdin/stdout. Call `setlocale` first.
  init(environment: [String: String]) throws(TerminalError) {
    unicode = cn_locale_is_utf8() != 0
    guard let screen = cn_newterm(), let window = cn_stdscr() else {
      throw .cannotStart(term: environment["TERM"] ?? "")
    }
    self.screen = screen
    self.window = window
    raw()  // Ctrl-C reads as a key (3): quitting goes through the wizard, never mid-write
    noecho()
    nonl()
    keypad(window, true)
    meta(window, true)
    set_escdelay(25)  // a lone Esc is "back": answer it fast, even over SSH

    // Pasted text arrives between two markers, read as two key codes: text, never keys.
    paste = BracketedPaste.forLoadedTerminal(term: environment["TERM"] ?? "")
    if let paste {
      define_key(paste.start, InputDecoder.pasteStartCode)
      define_key(paste.end, InputDecoder.pasteEndCode)
      Self.writeToTerminal(paste.enable)
    }

    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    // Pair 0 stays the terminal's own colours, so nothing is re-sent on an attribute change;
    // colours come only with a background of their own (CellStyle.forRole). A terminal that
    // cannot keep its default colours gets attributes only.
    colour = has_colors() && !noColor && start_color() == OK && use_default_colors() == OK
    var attributes: [attr_t] = []
    var pairs: [Int16] = []
    for role in CellRole.allCases {
      let style = CellStyle.forRole(role, colour: colour)
      var attribute = cn_a_normal()
      if style.bold { attribute |= cn_a_bold() }
      if style.reverse { attribute |= cn_a_reverse() }
      if style.underline { attribute |= cn_a_underline() }
      var pair: Int16 = 0
      if colour, style.foreground != nil || style.background != nil {
        // -1 is the terminal's own colour (use_default_colors).
        pair = Int16(role.rawValue) + 1
        init_pair(pair, style.foreground?.rawValue ?? -1, style.background?.rawValue ?? -1)
      }
      attributes.append(attribute)
      pairs.append(pair)
    }
    self.attributes = attributes
    self.pairs = pairs
    cursorHides = cn_has_string_capability("civis") != 0
    Self.armCrashRestore(paste: paste)
  }

  /// The screen's size now.
  var size: Size {
    Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
  }

  /// Takes the size the kernel reports for the terminal (after SIGWINCH).
  func updateSize() {
    var rows: Int32 = 0
    var columns: Int32 = 0
    if cn_window_size(STDOUT_FILENO, &rows, &columns) == 0 {
      resizeterm(rows, columns)
    }
  }

  /// Draws `buffer`; with `repaint` the whole screen is sent again (Ctrl-L).
  func draw(_ buffer: ScreenBuffer, repaint: Bool = false) {
    werase(window)
    let height = min(buffer.size.height, Int(getmaxy(window)))
    let width = min(buffer.size.width, Int(getmaxx(window)))
    let blank = Cell()
    for row in 0..<height {
      for column in 0..<width {
        let cell = buffer[row, column]
        if cell == blank || cell.isWideTail { continue }
        let cells = buffer.isWide(row: row, column: column) && column + 1 < width ? 2 : 1
        put(cell, width: cells, row: Int32(row), column: Int32(column))
      }
    }
    placeCursor(buffer.cursor, height: height, width: width)
    if repaint { clearok(window, true) }
    wnoutrefresh(window)
    doupdate()
  }

  /// Discards input that is waiting, in curses and in the terminal driver: type-ahead meant
  /// for a screen the person had not seen yet.
  func discardWaitingInput() {
    flushinp()
  }

  /// Reads the next input without waiting (`nil` when there is none or on a read error).
  func read() -> CursesInput? {
    wtimeout(window, 0)
    var value: wint_t = 0
    switch wget_wch(window, &value) {
    case OK: return .character(UInt32(value))
    case KEY_CODE_YES: return .keyCode(Int32(bitPattern: UInt32(value)))
    default: return nil
    }
  }

  /// Ends curses: the terminal's modes and screen are as before `init`.
  func end() {
    guard !ended else { return }
    ended = true
    if cursorShown == false { curs_set(1) }
    endwin()
    delscreen(screen)
    // After curses has flushed everything it had to write.
    if let paste { Self.writeToTerminal(paste.disable) }
    // endwin restores the modes curses saved at start; put back the ones saved before
    // curses started too, so nothing curses changed on its way in survives.
    sc_rescue_restore_modes_only()
    sc_rescue_release_crashes()
  }

  // MARK: - Drawing

  /// Draws a cell that takes `width` columns. The terminal moves its cursor by wcwidth, so
  /// a character is sent only when wcwidth agrees with the renderer's width for it (and its
  /// marks take no cell); otherwise `?` in each column keeps the rest of the row in place.
  private func put(_ cell: Cell, width: Int, row: Int32, column: Int32) {
    let role = Int(cell.role.rawValue)
    let pair = UInt32(bitPattern: cn_color_pair(Int32(pairs[role])))
    if let ascii = cell.character.asciiValue, ascii >= 0x20, ascii < 0x7F {
      mvwaddch(window, row, column, chtype(ascii) | attributes[role] | pair)
      return
    }
    let scalars = cell.character.unicodeScalars
    if unicode, let first = scalars.first, !scalars.contains(where: Glyphs.isControl),
      cn_width(first.value) == Int32(width),
      scalars.dropFirst().allSatisfy({ cn_width($0.value) == 0 })
    {
      var text = scalars.prefix(Int(CCHARW_MAX)).map { wchar_t($0.value) }
      text.append(0)
      if cn_draw_wide(window, row, column, text, attributes[role], pairs[role]) != ERR {
        return
      }
    }
    let shown =
      unicode ? String(repeating: "?", count: width) : Glyphs.ascii(cell.character, width: width)
    for (offset, character) in shown.unicodeScalars.enumerated() {
      let ascii = character.isASCII ? UInt8(character.value) : UInt8(ascii: "?")
      mvwaddch(window, row, column + Int32(offset), chtype(ascii) | attributes[role] | pair)
    }
  }

  private func placeCursor(_ cursor: (row: Int, column: Int)?, height: Int, width: Int) {
    if let cursor, cursor.row >= 0, cursor.row < height, cursor.column >= 0,
      cursor.column < width
    {
      if cursorShown != true {
        curs_set(1)
        cursorShown = true
      }
      leaveok(window, false)
      wmove(window, Int32(cursor.row), Int32(cursor.column))
    } else {
      if cursorShown != false {
        curs_set(0)
        cursorShown = false
      }
      if cursorHides {
        // No cursor to show: curses may leave it wherever the last change was (fewer bytes).
        leaveok(window, true)
      } else {
        // It stays visible: park it in the top-left corner, on the title bar, rather than
        // after the last change (the end of the key line, where it looks like a prompt).
        leaveok(window, false)
        wmove(window, 0, 0)
      }
    }
  }

  /// Writes a mode change straight to the terminal: curses' own buffer (`putp`) would hold
  /// it until its next flush, and the mode must be on before the first paste can come.
  private static func writeToTerminal(_ sequence: String) {
    let bytes = Array(sequence.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { rest in
        rest.baseAddress.map { Glibc.write(STDOUT_FILENO, $0, rest.count) } ?? -1
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      offset += written
    }
  }

  /// Gives the crash handler the bytes that put the screen back: bracketed paste off, leave
  /// the alternate screen, show the cursor, plain attributes.
  private static func armCrashRestore(paste: BracketedPaste?) {
    var bytes = [CChar](repeating: 0, count: 256)
    var length = 0
    if let paste {
      let off = Array(paste.disable.utf8CString.dropLast())
      if off.count < bytes.count {
        bytes.replaceSubrange(0..<off.count, with: off)
        length = off.count
      }
    }
    for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
      length = cn_append_capability(capability, &bytes, length, bytes.count)
    }
    sc_rescue_set_restore_sequence(bytes, length)
    sc_rescue_catch_crashes()
  }
}
