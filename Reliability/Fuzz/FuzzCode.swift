import Subscriptions

/// libFuzzer entry point for the activation code parser (DESIGN §2): any bytes, read as
/// UTF-8 the way a terminal or a shell argument would deliver them.
///
/// Checked for every input: no crash, no hang (libFuzzer's -timeout), a rejection always
/// carries a message, and an accepted code round-trips through its canonical form and masks
/// to its last group only.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  do {
    let code = try ActivationCode(parsing: text)
    let canonical = code.canonical
    guard canonical.count == 23, (try? ActivationCode(parsing: canonical)) == code else {
      fatalError("canonical form does not parse back to the same code: \(canonical)")
    }
    guard code.masked == "*****-*****-*****-" + canonical.suffix(5) else {
      fatalError("masked form shows more than the last group: \(code.masked)")
    }
  } catch {
    let message = error.message
    guard !message.isEmpty else { fatalError("rejection without a message: \(error)") }
    // A message is printed on a terminal: no control character of the input may reach it.
    guard !message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
    else { fatalError("control character in the message: \(message.debugDescription)") }
  }
  return 0
}
