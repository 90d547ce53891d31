/// Reads the answer to one `LIST` query line by line (docs/net-protocol.txt, "LIST"):
/// `BEGIN LIST <query>`, item lines that repeat the query's head, `END LIST <query>`.
///
/// Pure: the connection feeds it lines, tests and the fuzz target feed it anything.
public struct NUTListReader: Sendable {
  /// What the reader needs next.
  public enum Progress: Hashable, Sendable {
    /// More lines belong to this answer.
    case more
    /// The list is complete: `items` holds each item's words after the repeated head.
    case done
    /// upsd refused the query.
    case refused(NUTServerError)
  }

  /// The most items one list may hold; a real upsd serves a few units of a few hundred
  /// variables each.
  public static let defaultItemLimit = 4096

  /// The query's words after `LIST`, e.g. `["VAR", "ups1"]`.
  public let query: [String]
  /// The words each item line starts with, e.g. `["VAR", "ups1"]` for `LIST VAR ups1`.
  public let itemHead: [String]
  public let itemLimit: Int
  /// The items read so far, each without its head.
  public private(set) var items: [[String]] = []
  private var begun = false
  private var finished = false

  public init(query: [String], itemLimit: Int = NUTListReader.defaultItemLimit) {
    self.query = query
    // LIST UPS lists `UPS <name> "<desc>"`; LIST VAR <ups> lists `VAR <ups> <var> "<value>"`.
    self.itemHead = query
    self.itemLimit = itemLimit
  }

  /// The command that asks for this list.
  public var command: String {
    (["LIST"] + query.map(NUTWords.quoted)).joined(separator: " ")
  }

  /// Takes the next line of the answer.
  public mutating func accept(_ line: String) throws(NUTParseError) -> Progress {
    guard !finished else {
      throw .unexpectedLine(line: line, expected: .nothingAfter(end: endLine))
    }
    let words = try NUTWords.split(line)
    if !begun {
      if let error = NUTServerError(words: words) {
        finished = true
        return .refused(error)
      }
      guard words == ["BEGIN", "LIST"] + query else {
        throw .unexpectedLine(line: line, expected: .line(beginLine))
      }
      begun = true
      return .more
    }
    if words == ["END", "LIST"] + query {
      finished = true
      return .done
    }
    guard words.count > itemHead.count, Array(words.prefix(itemHead.count)) == itemHead else {
      throw .unexpectedLine(
        line: line, expected: .itemOrEnd(head: itemHead.joined(separator: " "), end: endLine))
    }
    guard items.count < itemLimit else { throw .tooManyItems(limit: itemLimit) }
    items.append(Array(words.dropFirst(itemHead.count)))
    return .more
  }

  /// The lines that open and close the answer, as a refusal names them (not escaped).
  private var beginLine: String { (["BEGIN", "LIST"] + query).joined(separator: " ") }
  private var endLine: String { (["END", "LIST"] + query).joined(separator: " ") }
}
