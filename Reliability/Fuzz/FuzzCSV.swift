import Foundation
import Subscriptions

/// libFuzzer entry point for the device CSV importer (DESIGN §4 `device import`): any bytes.
///
/// Checked for every input: no crash, no hang (libFuzzer's -timeout), a rejection names a
/// line and field that exist, and an accepted file yields only devices the store would
/// accept, each serial once, never more rows than lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  // An upper bound on the file's lines (CRLF counts twice), for both verdicts.
  let lines = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
  do {
    let rows = try DeviceCSV.parse(bytes)
    guard rows.count < max(lines, 1) else { fatalError("\(rows.count) rows from \(lines) lines") }
    var serials = Set<String>()
    for row in rows {
      if let problem = DeviceCheck.problem(with: row.device) {
        fatalError("accepted a device the store refuses: \(problem)")
      }
      guard serials.insert(row.device.serial).inserted else {
        fatalError("serial \(row.device.serial) accepted twice")
      }
      guard row.line >= 2, row.line <= lines else { fatalError("row on line \(row.line)") }
    }
  } catch {
    // A rejection names a place that exists in the file: a line within it, a field from 1,
    // a first line before the duplicate's; the header's names are printable (its words are
    // made at the edge, CommandWords, and checked for control characters there).
    func line(_ line: Int) {
      guard (1...lines).contains(line) else { fatalError("\(error) names line \(line) of \(lines)") }
    }
    func printable(_ text: String) {
      guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
        fatalError("control character in \(error)")
      }
    }
    switch error {
    case .empty: break
    case .notUTF8(let at): line(at)
    case .badHeader(.unknownColumn(let name)), .badHeader(.columnTwice(let name)): printable(name)
    case .badHeader: break
    case .malformed(let at, let quoting):
      line(at)
      switch quoting {
      case .quoteInsideUnquotedText(let field), .quoteNeverClosed(let field),
        .textAfterClosingQuote(let field):
        guard field >= 1 else { fatalError("\(error) names field \(field)") }
      }
    case .wrongFieldCount(let at, let found, let expected):
      line(at)
      guard found != expected, found >= 1, expected >= 1 else { fatalError("\(error)") }
    case .invalidField(let at, _): line(at)
    case .serialTwice(let at, let serial, let first):
      line(at)
      line(first)
      printable(serial)
      guard first < at else { fatalError("\(error): the first line comes after") }
    }
  }
  return 0
}
