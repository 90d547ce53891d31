import Foundation
import Subscriptions

/// Why a device CSV file cannot be imported: a value naming the line (and the field, where
/// there is one) so the technician can fix the file and run the import again. The words
/// live at the edge (the command line's `CommandWords`).
public enum DeviceCSVError: Error, Equatable, Sendable {
  /// What is wrong with the header line.
  public enum Header: Equatable, Sendable {
    /// One column that holds `;` or a tab: a spreadsheet's other kind of CSV.
    case notCommaSeparated
    case unknownColumn(String)
    case columnTwice(String)
    case missingColumn(DeviceField)
  }

  /// What is wrong with field number `field` (from 1) of a record.
  public enum Quoting: Equatable, Sendable {
    case quoteInsideUnquotedText(field: Int)
    case quoteNeverClosed(field: Int)
    case textAfterClosingQuote(field: Int)
  }

  case empty
  case notUTF8(line: Int)
  case badHeader(Header)
  case malformed(line: Int, Quoting)
  case wrongFieldCount(line: Int, found: Int, expected: Int)
  case invalidField(line: Int, DeviceProblem)
  case serialTwice(line: Int, serial: String, firstLine: Int)
}

/// Reads the device import file of DESIGN §4: RFC 4180 CSV, UTF-8, a header naming the
/// columns `serial,name,model,site` (any order; `model` and `site` may be left out).
///
/// Hand-written rather than taken from the mirrored CSV libraries: neither SwiftCSV nor
/// CSV.swift reports where a malformed record is, and an import must name the line.
public enum DeviceCSV {
  /// One device and the line its record starts on.
  public struct Row: Sendable, Hashable {
    public var line: Int
    public var device: Device
  }

  public static let columns = ["serial", "name", "model", "site"]

  /// Parses the whole file; nothing is returned unless every record is valid.
  public static func parse(_ data: Data) throws(DeviceCSVError) -> [Row] {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // Excel's BOM
    try checkUTF8(bytes)
    let records = try self.records(bytes)
    guard let header = records.first else { throw .empty }
    let index = try columnIndex(header.fields)
    // Sized once: grown row by row, the serials' table was rehashed some twenty times, a
    // tenth of the time a million-row import spends here before it can send anything.
    var rows: [Row] = []
    rows.reserveCapacity(records.count - 1)
    var firstLine: [String: Int] = [:]
    firstLine.reserveCapacity(records.count - 1)
    for record in records.dropFirst() {
      guard record.fields.count == header.fields.count else {
        throw .wrongFieldCount(
          line: record.line, found: record.fields.count, expected: header.fields.count)
      }
      let value = { (column: String) -> String in
        index[column].map { trimmed(record.fields[$0]) } ?? ""
      }
      let device = Device(
        serial: value("serial"), name: value("name"), model: value("model"), site: value("site"))
      if let problem = DeviceCheck.problem(with: device) {
        throw .invalidField(line: record.line, problem)
      }
      if let first = firstLine[device.serial] {
        throw .serialTwice(line: record.line, serial: device.serial, firstLine: first)
      }
      firstLine[device.serial] = record.line
      rows.append(Row(line: record.line, device: device))
    }
    return rows
  }

  /// `text` without the spaces (and tabs) around it, as `trimmingCharacters(in:
  /// .whitespaces)` gives it; a field with none, nearly every one, is returned as it is
  /// without Foundation's copy (a million-row import has four million fields).
  static func trimmed(_ text: String) -> String {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
      mayBeSpace(first) || mayBeSpace(last)
    else { return text }
    return text.trimmingCharacters(in: .whitespaces)
  }

  /// Whether `scalar` may be one of `.whitespaces`: answered for ASCII without building the
  /// character set (tab and space are its only ASCII members).
  private static func mayBeSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
  }

  // MARK: - Header

  static func columnIndex(_ fields: [String]) throws(DeviceCSVError) -> [String: Int] {
    var index: [String: Int] = [:]
    if fields.count == 1 && (fields[0].contains(";") || fields[0].contains("\t")) {
      throw .badHeader(.notCommaSeparated)
    }
    for (position, raw) in fields.enumerated() {
      let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
      guard columns.contains(name) else {
        throw .badHeader(.unknownColumn(printable(raw)))
      }
      guard index[name] == nil else { throw .badHeader(.columnTwice(name)) }
      index[name] = position
    }
    for required in [DeviceField.serial, .name] where index[required.rawValue] == nil {
      throw .badHeader(.missingColumn(required))
    }
    return index
  }

  // MARK: - RFC 4180

  struct Record {
    var line: Int
    var fields: [String]
  }

  /// Splits into records of fields. Quoted fields may hold commas, doubled quotes and line
  /// breaks; CRLF and LF both end a record; blank lines are skipped.
  static func records(_ bytes: [UInt8]) throws(DeviceCSVError) -> [Record] {
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    let cr: UInt8 = 0x0D
    let lf: UInt8 = 0x0A
    var records: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var i = 0
    var quotedField = false

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      quotedField = false
    }
    func endRecord() {
      endField()
      let blank = fields.count == 1 && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
      if !blank { records.append(Record(line: recordLine, fields: fields)) }
      fields.removeAll(keepingCapacity: true)
    }

    while i < bytes.count {
      let byte = bytes[i]
      if byte == quote {
        guard field.allSatisfy({ $0 == UInt8(ascii: " ") }), !quotedField else {
          throw .malformed(line: line, .quoteInsideUnquotedText(field: fields.count + 1))
        }
        // A quoted field: up to the closing quote; "" is one quote.
        let openedOn = line
        field.removeAll(keepingCapacity: true)
        i += 1
        var closed = false
        while i < bytes.count {
          let inner = bytes[i]
          if inner == quote {
            if i + 1 < bytes.count && bytes[i + 1] == quote {
              field.append(quote)
              i += 2
              continue
            }
            closed = true
            i += 1
            break
          }
          if inner == lf { line += 1 }
          field.append(inner)
          i += 1
        }
        guard closed else {
          throw .malformed(line: openedOn, .quoteNeverClosed(field: fields.count + 1))
        }
        quotedField = true
        // Only spaces may sit between the closing quote and the comma or line end.
        while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
        if i < bytes.count && ![comma, cr, lf].contains(bytes[i]) {
          throw .malformed(line: line, .textAfterClosingQuote(field: fields.count + 1))
        }
        continue
      }
      switch byte {
      case comma:
        endField()
      case cr, lf:
        endRecord()
        if byte == cr && i + 1 < bytes.count && bytes[i + 1] == lf { i += 1 }
        line += 1
        recordLine = line
      default:
        if quotedField {
          throw .malformed(line: line, .textAfterClosingQuote(field: fields.count + 1))
        }
        field.append(byte)
      }
      i += 1
    }
    if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
    return records
  }

  /// Finds the first line that is not valid UTF-8.
  static func checkUTF8(_ bytes: [UInt8]) throws(DeviceCSVError) {
    // ASCII alone (most files) is valid throughout: one pass, not a string per line.
    if !bytes.contains(where: { $0 >= 0x80 }) { return }
    var line = 1
    var start = 0
    for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
      if String(validating: bytes[start..<index], as: UTF8.self) == nil {
        throw .notUTF8(line: line)
      }
      line += 1
      start = index + 1
    }
  }

  static func printable(_ text: String) -> String {
    String(
      text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
  }
}
