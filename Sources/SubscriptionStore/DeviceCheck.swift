import Subscriptions

/// A field of a device, as the commands, the CSV header and the messages name it.
public enum DeviceField: String, Sendable, Hashable, CaseIterable {
  case serial, name, model, site
}

/// Why the store would refuse a device: a value; the words live at the edge
/// (`Words.text(_:_:)`).
public enum DeviceProblem: Error, Equatable, Sendable, Hashable {
  case emptySerial
  /// Longer than `DeviceCheck.maxSerialLength` characters.
  case serialTooLong
  /// A line break, tab or other control character in the field.
  case controlCharacter(DeviceField)
  case spaceInSerial
  case emptyName
  /// Longer than `DeviceCheck.maxTextLength` characters.
  case tooLong(DeviceField)

  /// The field to fix.
  public var field: DeviceField {
    switch self {
    case .emptySerial, .serialTooLong, .spaceInSerial: .serial
    case .emptyName: .name
    case .controlCharacter(let field), .tooLong(let field): field
    }
  }
}

/// What the store accepts as a device, so the commands and the CSV import can say which
/// field of which line is wrong before anything is written.
public enum DeviceCheck {
  /// The longest serial; real ones are 12 to 16 characters.
  public static let maxSerialLength = 64
  /// The longest name, model or site.
  public static let maxTextLength = 200

  /// The first problem the store would refuse `device` for; `nil` when it is fine.
  public static func problem(with device: Device) -> DeviceProblem? {
    if device.serial.isEmpty { return .emptySerial }
    if device.serial.count > maxSerialLength { return .serialTooLong }
    let fields: [(DeviceField, String)] = [
      (.serial, device.serial), (.name, device.name), (.model, device.model),
      (.site, device.site),
    ]
    // Control characters first: a line break inside a field is not "a space".
    for (field, value) in fields
    where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      return .controlCharacter(field)
    }
    if device.serial.contains(where: { $0.isWhitespace }) { return .spaceInSerial }
    if device.name.allSatisfy({ $0.isWhitespace }) { return .emptyName }
    for (field, value) in fields where value.count > maxTextLength {
      return .tooLong(field)
    }
    return nil
  }
}
