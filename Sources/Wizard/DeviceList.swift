import Foundation
import Subscriptions

/// Which device list a window belongs to: each screen scrolls and filters its own.
public enum ListID: Hashable, Sendable {
  case overview, assign
}

/// One device as a list shows it, with the licenses its status and projection come from.
public struct DeviceRow: Equatable, Sendable {
  public var device: Device
  public var licenses: [License]

  public init(device: Device, licenses: [License]) {
    self.device = device
    self.licenses = licenses
  }
}

/// A filtered device list seen through a window: only the rows on screen are loaded, so a
/// fleet of 100 000 devices costs the same as one of twenty.
public struct DeviceList: Equatable, Sendable {
  /// Case-insensitive substring of name, serial, model or site; empty shows all.
  public var filter = ""
  /// The filter field has the keyboard (after `/`).
  public var editingFilter = false
  /// How many devices match `filter`.
  public var count = 0
  /// The pointed-at row, counted from the first match.
  public var cursor = 0
  /// The first row on screen.
  public var top = 0
  /// The loaded rows, the first of which is row `rowsOffset`.
  public var rows: [DeviceRow] = []
  public var rowsOffset = 0

  public init() {}

  /// The loaded row at absolute index `index`, if it is loaded.
  public func row(at index: Int) -> DeviceRow? {
    let local = index - rowsOffset
    return rows.indices.contains(local) ? rows[local] : nil
  }

  /// The row under the pointer, if loaded.
  public var current: DeviceRow? { row(at: cursor) }

  /// Moves the pointer by `move` with `visible` rows on screen and keeps it in view.
  mutating func apply(_ move: Move, visible: Int) {
    let page = max(1, visible)
    switch move {
    case .up: cursor -= 1
    case .down: cursor += 1
    case .pageUp: cursor -= page
    case .pageDown: cursor += page
    case .home: cursor = 0
    case .end: cursor = count - 1
    }
    clamp(visible: visible)
  }

  /// Keeps the pointer inside the list and the window around the pointer.
  mutating func clamp(visible: Int) {
    let page = max(1, visible)
    cursor = max(0, min(cursor, count - 1))
    if cursor < top { top = cursor }
    if cursor >= top + page { top = cursor - page + 1 }
    top = max(0, min(top, max(0, count - page)))
  }

  /// The window to load for `visible` rows, or `nil` when it is loaded already.
  func missingWindow(visible: Int) -> (offset: Int, limit: Int)? {
    let wanted = min(max(1, visible), max(0, count - top))
    guard wanted > 0 else { return nil }
    let loaded = rowsOffset <= top && top + wanted <= rowsOffset + rows.count
    return loaded ? nil : (top, max(1, visible))
  }
}

/// A movement in a list.
public enum Move: Hashable, Sendable {
  case up, down, pageUp, pageDown, home, end
}
