import Subscriptions

/// What the store accepts as a device, so the commands and the CSV import can say which
/// field of which line is wrong before anything is written.
public enum DeviceCheck {
  /// The longest serial; real ones are 12 to 16 characters.
  public static let maxSerialLength = 64
  /// The longest name, model or site.
  public static let maxTextLength = 200

  /// The first field of `device` the store would refuse, and why; `nil` when it is fine.
  public static func problem(with device: Device) -> (field: String, reason: String)? {
    if device.serial.isEmpty { return ("serial", "the serial is empty.") }
    if device.serial.count > maxSerialLength {
      return ("serial", "the serial is longer than \(maxSerialLength) characters.")
    }
    // Control characters first: a line break inside a field is not "a space".
    for (field, value) in [
      ("serial", device.serial), ("name", device.name), ("model", device.model),
      ("site", device.site),
    ] where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      return (field, "the \(field) contains a control character (a line break or tab?).")
    }
    if device.serial.contains(where: { $0.isWhitespace }) {
      return ("serial", "the serial contains a space; serials are written without spaces.")
    }
    if device.name.allSatisfy({ $0.isWhitespace }) {
      return ("name", "the name is empty; give every device a name.")
    }
    for (field, value) in [
      ("serial", device.serial), ("name", device.name), ("model", device.model),
      ("site", device.site),
    ] {
      if value.count > maxTextLength {
        return (field, "the \(field) is longer than \(maxTextLength) characters.")
      }
    }
    return nil
  }
}
