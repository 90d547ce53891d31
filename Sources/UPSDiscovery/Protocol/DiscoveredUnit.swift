/// One unit an upsd serves, with what a fleet needs to know of it.
public struct DiscoveredUnit: Hashable, Sendable {
  /// The unit's name in ups.conf (`ups1` in `ups1@gateway`).
  public var name: String
  /// `desc=` of ups.conf; upsd says "Unavailable" (2.8: "Description unavailable") when
  /// there is none. Kept as sent:
  /// show it through `NUTText.escaped`.
  public var description: String
  /// `device.serial`, else `ups.serial`; nil when the unit reports none (or only blanks).
  public var serial: String?
  /// `device.model`, else `ups.model`.
  public var model: String?
  /// `device.mfr`, else `ups.mfr`.
  public var manufacturer: String?
  /// `ups.status`, e.g. "OL" (on line), "OB LB" (on battery, low battery).
  public var status: String?
  /// Why upsd had no variables for the unit (its driver is down or stale); nil when it had.
  public var unavailable: NUTServerError?

  public init(
    name: String, description: String, serial: String? = nil, model: String? = nil,
    manufacturer: String? = nil, status: String? = nil, unavailable: NUTServerError? = nil
  ) {
    self.name = name
    self.description = description
    self.serial = serial
    self.model = model
    self.manufacturer = manufacturer
    self.status = status
    self.unavailable = unavailable
  }

  /// The unit as its variables describe it (`LIST VAR` as name → value).
  public init(name: String, description: String, variables: [String: String]) {
    func first(_ keys: String...) -> String? {
      for key in keys {
        if let value = variables[key]?.trimmingWhitespace, !value.isEmpty { return value }
      }
      return nil
    }
    self.init(
      name: name, description: description, serial: first("device.serial", "ups.serial"),
      model: first("device.model", "ups.model"), manufacturer: first("device.mfr", "ups.mfr"),
      status: first("ups.status"))
  }

  /// The description when ups.conf gives one, else nil (upsd's placeholder for none).
  public var givenDescription: String? {
    let trimmed = description.trimmingWhitespace
    let placeholders = ["", "Unavailable", "Description unavailable"]
    return placeholders.contains(trimmed) ? nil : trimmed
  }
}

extension String {
  /// Without leading and trailing spaces and tabs (Foundation-free).
  var trimmingWhitespace: String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let start = firstIndex(where: { !isBlank($0) }),
      let end = lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(self[start...end])
  }
}
