import UPSDiscovery

/// libFuzzer entry point for NUT's protocol parser (issue 13): any bytes, as an upsd answer.
///
/// The bytes are cut into lines by the bounded framer (in two reads, split where the first
/// byte says), then read as `LIST UPS` followed by `LIST VAR` of the first unit, as the
/// client does. Checked for every input: no crash, no hang (libFuzzer's -timeout); one line
/// a line break, none beyond the bound; no list beyond its item limit; every word survives
/// quoting and splitting again; a serial is never blank; and a rejection is the value that
/// tells the truth about the input: `lineTooLong` exactly when a run of bytes exceeds the
/// bound, a line named as it was fed, `expected` what the reader was waiting for, an `ERR`
/// read word for word, a bad `--nut` value quoted as given. What a rejection keeps from the
/// server is shown escaped, and escaped it holds no control character. (The words are made
/// at the edge, CommandWords+NUT, and checked in every language by CommandWordsTests.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNUT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let limit = 512
  var framer = NUTLineFramer(limit: limit)
  let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
  var longestRun = 0
  var run = 0
  for byte in bytes {
    run = byte == 0x0A ? 0 : run + 1
    longestRun = max(longestRun, run)
  }
  var lines: [String] = []
  do {
    lines = try framer.push(bytes[..<cut])
    lines += try framer.push(bytes[cut...])
    guard longestRun <= limit else { fatalError("a run of \(longestRun) bytes was let through") }
  } catch {
    guard error == .lineTooLong(limit: limit), longestRun > limit else {
      fatalError("\(error) for a longest run of \(longestRun) bytes")
    }
    return 0
  }
  let breaks = bytes.filter { $0 == 0x0A }.count
  guard lines.count == breaks else { fatalError("\(lines.count) lines from \(breaks) line breaks") }

  var pending = lines[...]
  var units = NUTListReader(query: ["UPS"], itemLimit: 64)
  guard let first = read(&units, from: &pending)?.first else { return 0 }
  let name = first[0]
  var variables = NUTListReader(query: ["VAR", name], itemLimit: 64)
  guard let items = read(&variables, from: &pending) else { return 0 }
  var values: [String: String] = [:]
  for item in items where item.count >= 2 { values[item[0]] = item[1] }
  let unit = DiscoveredUnit(name: name, description: first.count > 1 ? first[1] : "", variables: values)
  for value in [unit.serial, unit.model, unit.manufacturer, unit.status] {
    if let value, value.allSatisfy({ $0 == " " || $0 == "\t" }) {
      fatalError("a blank value was kept: \(value.debugDescription)")
    }
  }
  // A unit may have no description (the device is then named after the unit): what is
  // shown of one that has must be printable.
  if !unit.description.isEmpty { printable(NUTText.escaped(unit.description)) }
  checkEndpoint(name)
  return 0
}

/// Feeds lines to `reader` until its list is done; nil when refused, malformed or cut short.
/// Each rejection is checked against the line that caused it and the reader's state.
func read(_ reader: inout NUTListReader, from lines: inout ArraySlice<String>) -> [[String]]? {
  let query = reader.query.joined(separator: " ")
  var begun = false
  while let line = lines.popFirst() {
    let words = try? NUTWords.split(line)
    for word in words ?? [] {
      guard (try? NUTWords.split(NUTWords.quoted(word))) == [word] else {
        fatalError("\(word.debugDescription) does not survive quoting")
      }
    }
    do {
      switch try reader.accept(line) {
      case .more:
        begun = true
        continue
      case .done:
        guard reader.items.count <= reader.itemLimit else { fatalError("list beyond its limit") }
        return reader.items
      case .refused(let error):
        // Only as the first line, and read word for word.
        guard !begun, let words, words.first == "ERR",
          error.code == (words.count > 1 ? words[1] : ""), error.extra == Array(words.dropFirst(2))
        else { fatalError("\(error) from \(line.debugDescription)") }
        for text in [error.code] + error.extra { printable(NUTText.escaped(text)) }
        return nil
      }
    } catch {
      switch error {
      case .lineTooLong:
        fatalError("the reader measured a line: \(error)")
      case .unterminatedQuote(let named):
        guard named == line, words == nil, line.unicodeScalars.contains("\"") else {
          fatalError("\(error) for \(line.debugDescription)")
        }
      case .danglingBackslash(let named):
        guard named == line, words == nil, line.unicodeScalars.last == "\\" else {
          fatalError("\(error) for \(line.debugDescription)")
        }
      case .unexpectedLine(let named, let expected):
        guard named == line, words != nil else { fatalError("\(error) for \(line.debugDescription)") }
        let wanted: NUTParseError.Expected =
          begun
          ? .itemOrEnd(head: query, end: "END LIST " + query) : .line("BEGIN LIST " + query)
        guard expected == wanted else { fatalError("\(error), but the reader wanted \(wanted)") }
        for text in expectedTexts(expected) { printable(NUTText.escaped(text)) }
      case .tooManyItems(let limit):
        guard begun, limit == reader.itemLimit, reader.items.count == limit else {
          fatalError("\(error) with \(reader.items.count) items of \(reader.itemLimit)")
        }
      }
      printable(NUTText.escaped(line))
      return nil
    }
  }
  return nil
}

/// The protocol lines a rejection names.
func expectedTexts(_ expected: NUTParseError.Expected) -> [String] {
  switch expected {
  case .line(let line): [line]
  case .itemOrEnd(let head, let end): [head, end]
  case .nothingAfter(let end): [end]
  }
}

/// A unit's name as a `--nut` value: a refusal says why, quoting what was given.
func checkEndpoint(_ text: String) {
  let trimmed = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }
  let given = String(trimmed.reversed())
  switch NUTEndpoint.parse(text) {
  case .success(let endpoint):
    guard !given.isEmpty, (1...65_535).contains(endpoint.port), !endpoint.host.isEmpty else {
      fatalError("\(text.debugDescription) read as \(endpoint)")
    }
  case .failure(.empty):
    guard given.isEmpty else { fatalError("empty, but \(given.debugDescription) was given") }
  case .failure(.badHost(let named)):
    guard named == given else { fatalError("badHost(\(named.debugDescription)) for \(given.debugDescription)") }
    printable(NUTText.escaped(named))
  case .failure(.badPort(let named)):
    guard given.hasSuffix(":" + named), !(Int(named).map { (1...65_535).contains($0) } ?? false) else {
      fatalError("badPort(\(named.debugDescription)) for \(given.debugDescription)")
    }
    printable(NUTText.escaped(named))
  }
}

/// Text as a terminal would get it: never a control character.
func printable(_ text: String) {
  guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
  else { fatalError("control character in \(text.debugDescription)") }
}
