import Foundation
import Wizard

/// Records the session as an asciicast v2 file (the format `asciinema play` and
/// `asciinema cat` read): a header line, then one `[seconds, "o", text]` line per frame.
///
/// Each event is written with one `write(2)` as the frame is drawn, so a crash or a signal
/// keeps everything recorded until then. The frames are the wizard's own screen buffers
/// turned into ANSI text (`AnsiFrame`), not curses' bytes: so a recording on a real store can
/// show every typed code masked (`render(_:_:maskingCodes:)`) while the screen shows it.
public final class AsciicastRecorder {
  private let descriptor: Int32
  private let start = ContinuousClock.now
  private var previous: ScreenBuffer?

  /// Creates (or truncates) `path`, readable by its owner only, and writes the header.
  public init(path: String, size: Size, title: String, term: String) throws(TerminalError) {
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw .cannotRecord(path: path, reason: String(cString: strerror(errno)))
    }
    let timestamp = Int(Date().timeIntervalSince1970)
    let header =
      "{\"version\": 2, \"width\": \(size.width), \"height\": \(size.height), "
      + "\"timestamp\": \(timestamp), \"title\": \(Self.json(title)), "
      + "\"env\": {\"TERM\": \(Self.json(term))}}\n"
    guard write(header) else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw .cannotRecord(path: path, reason: reason)
    }
  }

  deinit { close(descriptor) }

  /// Records `frame`: only the rows that changed since the last one.
  public func record(_ frame: ScreenBuffer) {
    let text = AnsiFrame.encode(frame, since: previous)
    previous = frame
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds)
      + Double(elapsed.components.attoseconds) / 1e18
    _ = write("[\(String(format: "%.6f", seconds)), \"o\", \(Self.json(text))]\n")
  }

  private func write(_ line: String) -> Bool {
    let bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { rest in
        rest.baseAddress.map { Glibc.write(descriptor, $0, rest.count) } ?? -1
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return false }
      offset += written
    }
    return true
  }

  /// `text` as a JSON string.
  static func json(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}

/// A screen buffer as ANSI text for a recording: the rows that changed since `previous`
/// (all of them for the first frame or a new size), each with its roles' SGR attributes in
/// colour, then the cursor.
public enum AnsiFrame {
  public static func encode(_ frame: ScreenBuffer, since previous: ScreenBuffer?) -> String {
    var out = ""
    let whole = previous?.size != frame.size
    if whole { out += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
    for row in 0..<frame.size.height {
      if !whole, let previous, (0..<frame.size.width).allSatisfy({
        previous[row, $0] == frame[row, $0]
      }) {
        continue
      }
      out += "\u{1B}[\(row + 1);1H"
      var style: CellStyle? = nil
      for column in 0..<frame.size.width {
        let cell = frame[row, column]
        if cell.isWideTail { continue }
        let wanted = CellStyle.forRole(cell.role, colour: true)
        if wanted != style {
          out += sgr(wanted)
          style = wanted
        }
        out.append(Display.safe(String(cell.character)).first ?? " ")
      }
      out += "\u{1B}[0m"
    }
    if let cursor = frame.cursor {
      out += "\u{1B}[\(cursor.row + 1);\(cursor.column + 1)H\u{1B}[?25h"
    } else {
      out += "\u{1B}[?25l"
    }
    return out
  }

  static func sgr(_ style: CellStyle) -> String {
    var parameters = ["0"]
    if style.bold { parameters.append("1") }
    if style.underline { parameters.append("4") }
    if style.reverse { parameters.append("7") }
    if let foreground = style.foreground { parameters.append("\(30 + foreground.rawValue)") }
    if let background = style.background { parameters.append("\(40 + background.rawValue)") }
    return "\u{1B}[" + parameters.joined(separator: ";") + "m"
  }
}
