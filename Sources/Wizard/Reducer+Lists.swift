import Foundation
import SubscriptionStore

// MARK: - Device lists: windows, pointer, filter

extension Reducer {
  /// After a resize every list keeps its pointer in view and loads what became visible.
  static func reclampLists(_ state: inout State) -> [Effect] {
    var effects: [Effect] = []
    for id in [ListID.overview, .assign] where id == .overview || state.assign.plan != nil {
      effects += windowEffects(id, &state)
    }
    return effects
  }

  /// Keeps list `id`'s pointer in view and asks for the window if it is not loaded.
  static func windowEffects(_ id: ListID, _ state: inout State) -> [Effect] {
    let visible = Layout.visibleRows(id, in: state)
    state[list: id].clamp(visible: visible)
    guard let window = state[list: id].missingWindow(visible: visible) else { return [] }
    return [
      .loadDevices(id, filter: state[list: id].filter, offset: window.offset,
                   window: window.window)
    ]
  }

  static func moveList(_ id: ListID, _ move: Move, _ state: inout State) -> [Effect] {
    let visible = Layout.visibleRows(id, in: state)
    state[list: id].apply(move, visible: visible)
    if id == .assign { state.assign.message = nil }
    return windowEffects(id, &state)
  }

  static func openFilter(_ state: inout State) -> [Effect] {
    guard let id = state.screen.listID else { return [] }
    state[list: id].editingFilter = true
    state.focus = .content
    return []
  }

  /// A new filter starts the list from its top: its first window is read first, then its
  /// count (which reads every match; a window of a common needle stops after a page).
  static func refilter(_ id: ListID, _ state: inout State, _ change: (inout String) -> Void)
    -> [Effect]
  {
    var filter = state[list: id].filter
    change(&filter)
    guard filter != state[list: id].filter else { return [] }
    state[list: id].filter = filter
    state[list: id].cursor = 0
    state[list: id].top = 0
    if id == .assign && state.assign.onGateway {
      showGatewayRows(&state)
      return []
    }
    state[list: id].rows = []
    state[list: id].rowsOffset = 0
    state[list: id].reloadAnchor = nil
    state[list: id].count = 0
    state[list: id].counting = true
    let page = max(1, Layout.visibleRows(id, in: state))
    return [
      .loadDevices(id, filter: filter, offset: 0, window: .first(limit: page)),
      .countDevices(id, filter: filter),
    ]
  }

  static let maxFilterLength = 40

  /// The filter of list `id` becomes `text`: matched as plain text, so control characters
  /// cannot be part of it; at most `maxFilterLength`.
  static func editFilter(_ id: ListID, _ text: String, _ state: inout State) -> [Effect] {
    guard state.screen.listID == id else { return [] }
    let clean = String(
      text.filter { !$0.isNewline && ($0.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } ?? true) }
        .prefix(maxFilterLength))
    return refilter(id, &state) { $0 = clean }
  }

  /// The pointer to row `index`, the window around it loaded.
  static func pointRow(_ id: ListID, _ index: Int, _ state: inout State) -> [Effect] {
    guard state.screen.listID == id else { return [] }
    state[list: id].cursor = index
    if id == .assign { state.assign.message = nil }
    return windowEffects(id, &state)
  }

  static func devicesCounted(_ id: ListID, filter: String, count: Int, _ state: inout State)
    -> [Effect]
  {
    guard state[list: id].filter == filter, !(id == .assign && state.assign.onGateway) else {
      return []
    }
    state[list: id].count = count
    state[list: id].counting = false
    state.loadError = nil
    return windowEffects(id, &state)
  }

  static func devicesLoaded(
    _ id: ListID, filter: String, offset: Int, rows: [DeviceRow], endsTheList: Bool,
    _ state: inout State
  ) {
    guard state[list: id].filter == filter, !(id == .assign && state.assign.onGateway) else {
      return
    }
    state[list: id].rows = rows
    state[list: id].rowsOffset = offset
    state[list: id].reloadAnchor = nil
    state.loadError = nil
    if state[list: id].counting {
      // What is known so far: these rows exist; a short window read forwards is the end.
      state[list: id].count = max(state[list: id].count, offset + rows.count)
      if endsTheList {
        state[list: id].count = offset + rows.count
        state[list: id].counting = false
      }
    }
  }
}
