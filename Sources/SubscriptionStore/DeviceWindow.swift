import Subscriptions

/// A device's place in the overview order: site, then name, then serial, each compared
/// byte by byte (UTF-8, SQLite's BINARY and PostgreSQL's `COLLATE "C"`). The serial is
/// unique, so no two devices share a key.
public struct DeviceKey: Sendable, Hashable {
  public var site: String
  public var name: String
  public var serial: String

  public init(site: String, name: String, serial: String) {
    self.site = site
    self.name = name
    self.serial = serial
  }

  public init(_ device: Device) {
    self.init(site: device.site, name: device.name, serial: device.serial)
  }

  /// Whether `self` comes before `other` in the overview order (as the stores sort).
  public func precedes(_ other: DeviceKey) -> Bool {
    let mine = [site, name, serial].map { Array($0.utf8) }
    let theirs = [other.site, other.name, other.serial].map { Array($0.utf8) }
    for (a, b) in zip(mine, theirs) where a != b {
      return a.lexicographicallyPrecedes(b)
    }
    return false
  }
}

/// Which devices of a list to read: found by seeking in the overview order from a known
/// device (keyset paging), never by counting rows from the top, so the last page of a
/// million devices costs what the first does. Every window comes back in overview order.
public enum DeviceWindow: Sendable, Hashable {
  /// The first `limit` devices.
  case first(limit: Int)
  /// The last `limit` devices.
  case last(limit: Int)
  /// Up to `limit` devices that come after `key` (`key` itself excluded).
  case after(DeviceKey, limit: Int)
  /// `key`'s device, if it still matches, and those after it: up to `limit` in all.
  case from(DeviceKey, limit: Int)
  /// Up to `limit` devices that come just before `key` (`key` itself excluded).
  case before(DeviceKey, limit: Int)

  public var limit: Int {
    switch self {
    case .first(let limit), .last(let limit), .after(_, let limit), .from(_, let limit),
      .before(_, let limit):
      limit
    }
  }

  /// Whether the window is read backwards from its end (its rows end where it is anchored).
  public var isReadBackwards: Bool {
    switch self {
    case .last, .before: true
    case .first, .after, .from: false
    }
  }
}
