/// A UPS device in the fleet, identified by its serial number.
public struct Device: Hashable, Sendable, Identifiable {
  public var serial: String
  public var name: String
  public var model: String
  public var site: String

  public var id: String { serial }

  public init(serial: String, name: String, model: String = "", site: String = "") {
    self.serial = serial
    self.name = name
    self.model = model
    self.site = site
  }
}
