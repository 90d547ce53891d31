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

  /// A new filter starts the list from its top; the count comes back first, then the window.
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
    return [.countDevices(id, filter: filter)]
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
    state.loadError = nil
    return windowEffects(id, &state)
  }

  static func devicesLoaded(
    _ id: ListID, filter: String, offset: Int, rows: [DeviceRow], _ state: inout State
  ) {
    guard state[list: id].filter == filter, !(id == .assign && state.assign.onGateway) else {
      return
    }
    state[list: id].rows = rows
    state[list: id].rowsOffset = offset
    state[list: id].reloadAnchor = nil
    state.loadError = nil
  }
}
