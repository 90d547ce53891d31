import CNCurses
import Wizard

/// What the run loop acts on: a key, a paste (text, never keys), or a new window size.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  case paste(String)
  case resize
}

/// Turns what curses reads, one burst at a time, into keys and pastes (DESIGN §6).
///
/// The rule that tells typed keys from pasted text:
/// - A bracketed paste (`ESC [200~` … `ESC [201~`, which curses reads as the two codes
///   defined for the markers) is one paste, however many reads it spans. Key codes inside it
///   are dropped, line breaks kept; at most `maxPasteLength` characters are kept and the
///   rest is dropped up to the end marker. A paste whose end marker never comes is closed by
///   the run loop after a quiet spell (`endPaste()`), so it can never turn into keys.
/// - A burst is everything that was readable at once (the run loop extends it while more
///   follows within a few milliseconds). A burst outside a bracketed paste that holds two or
///   more text characters (printable, space, line breaks) is a paste too: nobody types two
///   characters within one read, but a terminal that does not bracket pastes delivers a paste
///   that way. Its key codes are dropped; Ctrl-C in it still quits.
/// - Any other burst is keys, one by one.
///
/// Pure: no curses calls, so the rule is unit-tested.
public struct InputDecoder: Sendable {
  /// The key codes curses returns for the paste markers (defined with `define_key`).
  public static let pasteStartCode = KEY_MAX + 1
  public static let pasteEndCode = KEY_MAX + 2
  /// Characters kept of one paste (a long email is a few thousand).
  public static let maxPasteLength = 65_536

  /// Inside a bracketed paste whose end marker has not come yet.
  public private(set) var inPaste = false
  private var pasted = ""
  private var pastedCount = 0

  public init() {}

  /// The events of one burst.
  public mutating func decode(_ burst: [CursesInput]) -> [InputEvent] {
    var events: [InputEvent] = []
    var outside: [CursesInput] = []
    for input in burst {
      switch input {
      case .keyCode(Self.pasteStartCode):
        events += Self.loose(outside)
        outside = []
        if !inPaste {
          inPaste = true
          pasted = ""
          pastedCount = 0
        }
      case .keyCode(Self.pasteEndCode):
        if inPaste { events += endPaste() }
      case .keyCode(KEY_RESIZE) where inPaste:
        events.append(.resize)
      case let input where inPaste:
        append(input)
      default:
        outside.append(input)
      }
    }
    events += Self.loose(outside)
    return events
  }

  /// Closes a bracketed paste (its end marker, or the run loop giving up waiting for one).
  public mutating func endPaste() -> [InputEvent] {
    guard inPaste else { return [] }
    inPaste = false
    defer { pasted = "" }
    return pasted.isEmpty ? [] : [.paste(pasted)]
  }

  /// Forgets a paste under way (its rest was discarded as type-ahead).
  public mutating func reset() {
    inPaste = false
    pasted = ""
    pastedCount = 0
  }

  private mutating func append(_ input: CursesInput) {
    guard case .character(let value) = input, let character = Self.text(value),
      pastedCount < Self.maxPasteLength
    else { return }
    pasted.append(character)
    pastedCount += 1
  }

  /// A printable character, space or line break as text (CR reads as a line break); `nil`
  /// for anything else.
  static func text(_ value: UInt32) -> Character? {
    switch value {
    case 10, 13: return "\n"
    case 9: return " "
    case 0..<32, 127, 0x80..<0xA0: return nil
    default: return Unicode.Scalar(value).map(Character.init)
    }
  }

  static func isText(_ input: CursesInput) -> Bool {
    guard case .character(let value) = input, value != 9 else { return false }
    return text(value) != nil
  }

  /// Input outside a bracketed paste: keys, or a paste by the burst rule.
  static func loose(_ inputs: [CursesInput]) -> [InputEvent] {
    let textCount = inputs.lazy.filter(isText).count
    guard textCount >= 2 else {
      return inputs.compactMap { input in
        switch KeyTable.event(for: input) {
        case .key(let key): .key(key)
        case .resize: .resize
        case nil: nil
        }
      }
    }
    var text = ""
    var events: [InputEvent] = []
    for input in inputs {
      switch input {
      case .character(3): events.append(.key(.interrupt))
      case .character(let value) where isText(input):
        if let character = Self.text(value), text.count < maxPasteLength {
          text.append(character)
        }
      case .keyCode(KEY_RESIZE): events.append(.resize)
      default: break
      }
    }
    return [.paste(text)] + events
  }
}
