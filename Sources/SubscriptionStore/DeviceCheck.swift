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
    switch asciiVerdict(device) {
    case .fine: return nil
    case .refused(let problem): return problem
    case .undecided: return unicodeProblem(with: device)
    }
  }

  /// `problem(with:)` by the Unicode rules, for any text.
  static func unicodeProblem(with device: Device) -> DeviceProblem? {
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

  /// What the check says of a device; `.undecided` when it takes the Unicode rules.
  enum Verdict: Equatable {
    case fine, refused(DeviceProblem), undecided
  }

  /// The same answer as `problem(with:)` for a device written in printable ASCII, from its
  /// bytes (an import checks a million devices, and Unicode properties cost a table look-up
  /// per scalar); `.undecided` when a field holds a control character or anything beyond
  /// ASCII. In printable ASCII one byte is one character and the space the only whitespace.
  static func asciiVerdict(_ device: Device) -> Verdict {
    for value in [device.serial, device.name, device.model, device.site] {
      for byte in value.utf8 where byte < 0x20 || byte >= 0x7F { return .undecided }
    }
    let serial = device.serial.utf8
    if serial.isEmpty { return .refused(.emptySerial) }
    if serial.count > maxSerialLength { return .refused(.serialTooLong) }
    if serial.contains(0x20) { return .refused(.spaceInSerial) }
    if device.name.utf8.allSatisfy({ $0 == 0x20 }) { return .refused(.emptyName) }
    let fields: [(DeviceField, String)] = [
      (.serial, device.serial), (.name, device.name), (.model, device.model),
      (.site, device.site),
    ]
    for (field, value) in fields where value.utf8.count > maxTextLength {
      return .refused(.tooLong(field))
    }
    return .fine
  }
}
