import Foundation
import Subscriptions

// MARK: - Pasted text

extension Reducer {
  /// At most this many codes are taken from one paste (more than a screen of lines).
  static let maxPastedCodes = 50

  /// A paste is text, never keys: it never presses a button, moves a pointer or toggles a
  /// device. On Activate Code each code-shaped piece fills the next code line; in an open
  /// filter field its first line is typed into the filter; anywhere else it is set aside with
  /// a note.
  static func paste(_ text: String, _ state: inout State) -> [Effect] {
    if state.showingHelp {
      state.notice = .pasteIgnored
      return []
    }
    switch state.screen {
    case .activateCode:
      pasteCodes(text, &state)
      return []
    case .overview, .assignToDevice:
      guard let id = state.screen.listID, state[list: id].editingFilter,
        state.focus == .content
      else { break }
      let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
      let printable = line.filter { !$0.isNewline && ($0.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } ?? true) }
      return refilter(id, &state) {
        $0 = String(($0 + printable).prefix(maxFilterLength))
      }
    default:
      break
    }
    state.notice = .pasteIgnored
    return []
  }

  /// Each code-shaped piece goes to the focused line if it is blank, else to the next blank
  /// line after it, else to a new line; a code already on a line is not entered twice. With
  /// no code-shaped piece, one short line is typed into the focused line (part of a code).
  static func pasteCodes(_ text: String, _ state: inout State) {
    state.activate.focus = .content
    state.activate.message = nil
    let pieces = PastedCodes.pieces(in: text)
    guard !pieces.isEmpty else {
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !trimmed.contains(where: \.isNewline), trimmed.count <= maxCodeLength else {
        state.notice = .noCodeInPaste
        return
      }
      let line = state.activate.focusedLine
      editCode(line: line, text: state.activate.lines[line].text + trimmed, &state)
      return
    }
    var seen = Set(state.activate.lines.compactMap { normalized($0.text) })
    for piece in pieces.prefix(maxPastedCodes) {
      guard let key = normalized(piece), seen.insert(key).inserted else { continue }
      let lines = state.activate.lines
      let from = state.activate.focusedLine
      let target: Int
      if lines[from].isBlank {
        target = from
      } else if let blank = lines.indices.first(where: { $0 > from && lines[$0].isBlank }) {
        target = blank
      } else {
        state.activate.lines.append(CodeLine())
        target = state.activate.lines.count - 1
      }
      state.activate.lines[target] = CodeLine(piece)
      state.activate.focusedLine = target
    }
  }

  /// The symbols of a code line as the parser reads them, to tell the same code apart from
  /// another however it was written; `nil` for a blank line.
  static func normalized(_ text: String) -> String? {
    let symbols = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
      .map { $0 == "O" ? "0" : ($0 == "I" || $0 == "L") ? "1" : $0 }
    return symbols.isEmpty ? nil : String(symbols)
  }
}
