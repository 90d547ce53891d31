import UPSDiscovery

/// libFuzzer entry point for NUT's protocol parser (issue 13): any bytes, as an upsd answer.
///
/// The bytes are cut into lines by the bounded framer (in two reads, split where the first
/// byte says), then read as `LIST UPS` followed by `LIST VAR` of the first unit, as the
/// client does. Checked for every input: no crash, no hang (libFuzzer's -timeout); no line
/// beyond the bound; no list beyond its item limit; every word survives quoting and
/// splitting again; a serial is never blank; a message is never empty and never holds a
/// control character (it is printed on a terminal).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNUT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  var framer = NUTLineFramer(limit: 512)
  let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
  var lines: [String] = []
  do {
    lines = try framer.push(bytes[..<cut])
    lines += try framer.push(bytes[cut...])
  } catch {
    checked(error.message)
  }
  let breaks = bytes.filter { $0 == 0x0A }.count
  guard lines.count <= breaks else { fatalError("\(lines.count) lines from \(breaks) line breaks") }

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
  if !unit.description.isEmpty { checked(NUTText.escaped(unit.description)) }
  if case .failure(let error) = NUTEndpoint.parse(name) { checked(error.message) }
  return 0
}

/// Feeds lines to `reader` until its list is done; nil when refused, malformed or cut short.
func read(_ reader: inout NUTListReader, from lines: inout ArraySlice<String>) -> [[String]]? {
  while let line = lines.popFirst() {
    if let words = try? NUTWords.split(line) {
      for word in words {
        guard (try? NUTWords.split(NUTWords.quoted(word))) == [word] else {
          fatalError("\(word.debugDescription) does not survive quoting")
        }
      }
    }
    do {
      switch try reader.accept(line) {
      case .more: continue
      case .done:
        guard reader.items.count <= reader.itemLimit else { fatalError("list beyond its limit") }
        return reader.items
      case .refused(let error):
        checked(error.meaning)
        checked(NUTError(NUTEndpoint(host: "h"), .refused(command: reader.command, error, unit: nil)).message)
        return nil
      }
    } catch {
      checked(error.message)
      checked(NUTError(NUTEndpoint(host: "h"), .malformed(error)).message)
      return nil
    }
  }
  return nil
}

/// A message for a terminal: never empty, never a control character.
func checked(_ message: String) {
  guard !message.isEmpty else { fatalError("empty message") }
  guard !message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
  else { fatalError("control character in the message: \(message.debugDescription)") }
}
