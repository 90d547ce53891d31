import Foundation
import Subscriptions

/// libFuzzer entry point for the device CSV importer (DESIGN §4 `device import`): any bytes.
///
/// Checked for every input: no crash, no hang (libFuzzer's -timeout), a rejection always
/// carries a message, a message never contains a control character (it is printed on a
/// terminal), and an accepted file yields only devices the store would accept, each serial
/// once, never more rows than lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Data(UnsafeBufferPointer(start: data, count: size))
  do {
    let rows = try DeviceCSV.parse(bytes)
    let lines = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
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
    let message = error.message
    guard !message.isEmpty else { fatalError("rejection without a message: \(error)") }
    guard !message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
    else { fatalError("control character in the message: \(message.debugDescription)") }
  }
  return 0
}
