import Foundation
import SubscriptionStore
import Subscriptions

/// Which device list a window belongs to: each screen scrolls and filters its own.
public enum ListID: Hashable, Sendable {
  case overview, assign
}

/// A filtered device list seen through a window: only the rows on screen are loaded, so a
/// fleet of 100 000 devices costs the same as one of twenty.
public struct DeviceList: Equatable, Sendable {
  /// Case-insensitive substring of name, serial, model or site; empty shows all.
  public var filter = ""
  /// The filter field has the keyboard (after `/`).
  public var editingFilter = false
  /// How many devices match `filter`; while `counting`, how many are known to (the rows
  /// read so far from the top).
  public var count = 0
  /// A new filter's count has not come back yet: its first window comes first (reading all
  /// the matches of a common needle in a big fleet takes longer than a window), and the
  /// heading says "1–14 of …" until it does.
  public var counting = false
  /// The pointed-at row, counted from the first match.
  public var cursor = 0
  /// The first row on screen.
  public var top = 0
  /// The loaded rows, the first of which is row `rowsOffset`.
  public var rows: [DeviceRow] = []
  public var rowsOffset = 0
  /// A row's place and key kept when the rows are dropped to be read again, so the window
  /// is found again by seeking from it rather than by counting from the top.
  public var reloadAnchor: RowAnchor?

  public init() {}

  /// Drops the loaded rows (their licenses changed) and remembers where they were.
  mutating func forgetRows() {
    if let first = rows.first {
      reloadAnchor = RowAnchor(index: rowsOffset, key: DeviceKey(first.device))
    }
    rows = []
  }

  /// The key of the device at absolute index `index`, when known.
  func key(at index: Int) -> DeviceKey? {
    if let row = row(at: index) { return DeviceKey(row.device) }
    if let anchor = reloadAnchor, anchor.index == index { return anchor.key }
    return nil
  }

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

  /// The window to load for `visible` rows and the index of its first row, or `nil` when
  /// it is loaded already. The window is sought from a row whose key is known (the one just
  /// above or below it, as after ↓, PgDn, ↑ or a resize), or from either end (Home, End).
  func missingWindow(visible: Int) -> (offset: Int, window: DeviceWindow)? {
    let page = max(1, visible)
    let wanted = min(page, max(0, count - top))
    guard wanted > 0 else { return nil }
    let loaded = rowsOffset <= top && top + wanted <= rowsOffset + rows.count
    if loaded { return nil }
    if top == 0 { return (0, .first(limit: page)) }
    if top + page >= count { return (top, .last(limit: count - top)) }
    if let key = key(at: top - 1) { return (top, .after(key, limit: page)) }
    if let key = key(at: top) { return (top, .from(key, limit: page)) }
    if let key = key(at: top + page) { return (top, .before(key, limit: page)) }
    return farWindow(page: page)
  }

  /// A jump to rows no known key is next to: read from the nearest known key or end and
  /// keep the extra rows (rare: every key moves from a loaded neighbour).
  private func farWindow(page: Int) -> (offset: Int, window: DeviceWindow) {
    var known: [(index: Int, key: DeviceKey)] = []
    if let first = rows.first { known.append((rowsOffset, DeviceKey(first.device))) }
    if let last = rows.last { known.append((rowsOffset + rows.count - 1, DeviceKey(last.device))) }
    if let anchor = reloadAnchor { known.append((anchor.index, anchor.key)) }
    // Distance in rows read: from the top, from the bottom, or from each known key.
    var best: (cost: Int, offset: Int, window: DeviceWindow) =
      (top + page, 0, .first(limit: top + page))
    if count - top < best.cost { best = (count - top, top, .last(limit: count - top)) }
    for (index, key) in known {
      if index < top, top + page - index - 1 < best.cost {
        let limit = top + page - index - 1
        best = (limit, index + 1, .after(key, limit: limit))
      } else if index >= top + page, index - top < best.cost {
        best = (index - top, top, .before(key, limit: index - top))
      }
    }
    return (best.offset, best.window)
  }
}

/// A row's absolute index in its list and its device's key.
public struct RowAnchor: Equatable, Sendable {
  public var index: Int
  public var key: DeviceKey
}

/// A movement in a list.
public enum Move: Hashable, Sendable {
  case up, down, pageUp, pageDown, home, end
}
