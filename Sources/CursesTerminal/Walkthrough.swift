import Foundation
import Wizard

/// A walkthrough script (`--script FILE`): what a presenter would type, played through the
/// real front end. One command a line; blank lines and lines starting with `#` are skipped.
///
/// ```
/// type 7K3QM-9XR2T-B8VN4-HDWPS    types the rest of the line, key by key ("…" keeps spaces)
/// key down                        one or more keys: up down left right pgup pgdn home end
///                                 space enter tab backtab esc backspace delete f1 ctrl-l
///                                 ctrl-c, or one character
/// paste "{code1}\n{code2}\n"      one paste (bracketed), \n a line break, \" a quote
/// wait 1.5s                       a pause (or 300ms), shortened by --speed
/// expect "Success" 10s            waits until the screen shows the text (5 s unless given;
///                                 not shortened by --speed); fails the run otherwise
/// ```
///
/// `{code1}` `{code2}` `{code3}` stand for the demo codes (`--demo`), in the order the Activate
/// Code screen lists them.
public struct Walkthrough: Equatable, Sendable {
  public enum Command: Equatable, Sendable {
    case type(String)
    case keys([Key])
    case paste(String)
    case wait(Duration)
    case expect(String, timeout: Duration)
  }

  /// What is wrong with a line of a script: a value; `Words.text` says it.
  public enum Problem: Equatable, Sendable {
    case unknownCommand(String)
    case nothingToType
    case nothingToPaste
    /// `known` lists the key names a script may use.
    case unknownKey(String, known: [String])
    case noKeyName
    case noDuration
    case expectWithoutQuotes
    case badTimeout
    case unclosedQuote
    /// `{codeN}` in a script run without `--demo`.
    case demoCodeWithoutDemo(index: Int)
  }

  /// A script that cannot be played: its file, line and what is wrong.
  public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var problem: Problem
    /// In English (the words in the technician's language: `Words.text(_:_:)`).
    public var description: String { Words.text(self) }
  }

  /// Why a script stopped while it played: an `expect` whose text did not show within its
  /// timeout (`screen` is what the screen showed then).
  public struct Failure: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var expected: String
    public var timeout: Duration
    public var screen: String
    /// In English (the words in the technician's language: `Words.text(_:_:)`).
    public var description: String { Words.text(self) }
  }

  public var file: String
  /// Each command with its line number.
  public var commands: [(line: Int, command: Command)]

  public static func == (a: Walkthrough, b: Walkthrough) -> Bool {
    a.file == b.file && a.commands.map(\.line) == b.commands.map(\.line)
      && a.commands.map(\.command) == b.commands.map(\.command)
  }

  static let keyNames: [String: Key] = [
    "up": .up, "down": .down, "left": .left, "right": .right, "pgup": .pageUp,
    "pgdn": .pageDown, "home": .home, "end": .end, "space": .space, "enter": .enter,
    "tab": .tab, "backtab": .backTab, "esc": .escape, "backspace": .backspace,
    "delete": .delete, "f1": .help, "ctrl-l": .redraw, "ctrl-c": .interrupt,
  ]

  /// Parses `text` (the contents of `file`); `demoCodes` fill `{code1}` …
  public init(parsing text: String, file: String, demoCodes: [String]) throws(ParseError) {
    self.file = file
    commands = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let number = index + 1
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let word = String(line.prefix { !$0.isWhitespace })
      let rest = String(line.dropFirst(word.count)).trimmingCharacters(in: .whitespaces)
      let fail = { (problem: Problem) in ParseError(file: file, line: number, problem: problem) }
      func argument(_ text: String) throws(ParseError) -> String {
        do {
          return try Self.substitute(Self.unquote(text), demoCodes: demoCodes)
        } catch {
          throw fail(error.problem)
        }
      }
      switch word {
      case "type":
        let text = try argument(rest)
        guard !text.isEmpty else { throw fail(.nothingToType) }
        commands.append((number, .type(text)))
      case "paste":
        let text = try argument(rest)
        guard !text.isEmpty else { throw fail(.nothingToPaste) }
        commands.append((number, .paste(text)))
      case "key":
        var keys: [Key] = []
        for name in rest.split(separator: " ").map(String.init) {
          if let key = Self.keyNames[name.lowercased()] {
            keys.append(key)
          } else if name.count == 1, let character = name.first {
            keys.append(.character(character))
          } else {
            throw fail(.unknownKey(name, known: Self.keyNames.keys.sorted()))
          }
        }
        guard !keys.isEmpty else { throw fail(.noKeyName) }
        commands.append((number, .keys(keys)))
      case "wait":
        guard let duration = Self.duration(rest) else {
          throw fail(.noDuration)
        }
        commands.append((number, .wait(duration)))
      case "expect":
        guard rest.hasPrefix("\""), let close = rest.dropFirst().firstIndex(of: "\"") else {
          throw fail(.expectWithoutQuotes)
        }
        let text = try argument(String(rest[...close]))
        let after = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
        var timeout = Duration.seconds(5)
        if !after.isEmpty {
          guard let given = Self.duration(after) else {
            throw fail(.badTimeout)
          }
          timeout = given
        }
        commands.append((number, .expect(text, timeout: timeout)))
      default:
        throw fail(.unknownCommand(word))
      }
    }
  }

  struct ArgumentError: Error { var problem: Problem }

  /// `"text"` with \n, \" and \\ read; text without quotes as it is.
  static func unquote(_ text: String) throws(ArgumentError) -> String {
    guard text.hasPrefix("\"") else { return text }
    guard text.count >= 2, text.hasSuffix("\"") else {
      throw ArgumentError(problem: .unclosedQuote)
    }
    var out = ""
    var escaped = false
    for character in text.dropFirst().dropLast() {
      if escaped {
        switch character {
        case "n": out.append("\n")
        case "t": out.append("\t")
        default: out.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        out.append(character)
      }
    }
    return out
  }

  static func substitute(_ text: String, demoCodes: [String]) throws(ArgumentError) -> String {
    var out = text
    for index in 1...3 where out.contains("{code\(index)}") {
      guard index <= demoCodes.count else {
        throw ArgumentError(problem: .demoCodeWithoutDemo(index: index))
      }
      out = out.replacingOccurrences(of: "{code\(index)}", with: demoCodes[index - 1])
    }
    return out
  }

  /// `1.5s`, `2s` or `300ms`.
  static func duration(_ text: String) -> Duration? {
    if text.hasSuffix("ms"), let value = Double(text.dropLast(2)), value >= 0 {
      return .milliseconds(value)
    }
    if text.hasSuffix("s"), let value = Double(text.dropLast()), value >= 0 {
      return .milliseconds(value * 1000)
    }
    return nil
  }
}
