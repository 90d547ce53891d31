import Foundation
import SubscriptionStore
import Subscriptions

// MARK: - The gateway's UPS units (NUT): marks and filter on Assign, the Overview's offer

extension Reducer {
  /// upsd answered (or did not: `nil`, and nothing shows). The fleet is read for its units.
  static func gatewayScanned(_ scan: GatewayScan?, _ state: inout State) -> [Effect] {
    guard let scan else { return [] }
    state.gateway.scan = scan
    return readGateway(state)
  }

  /// Reads the fleet's devices among the gateway's units (none to read: none served).
  static func readGateway(_ state: State) -> [Effect] {
    guard let scan = state.gateway.scan, !scan.units.isEmpty else { return [] }
    return [.readGatewayDevices(serials: scan.serials)]
  }

  static func gatewayDevicesRead(_ rows: [DeviceRow], _ state: inout State) -> [Effect] {
    let hadLine = state.gateway.showsLine
    state.gateway.inFleet = rows
    // An offer that has nothing left to add (another technician added them) closes.
    if state.gateway.newUnits.isEmpty && !state.gateway.adding { state.gateway.confirming = false }
    if state.assign.onGateway { showGatewayRows(&state) }
    // The offer's line takes a row from the Overview's list, or gives it back.
    return hadLine == state.gateway.showsLine ? [] : windowEffects(.overview, &state)
  }

  /// `g` on the Overview: what would be added, to confirm.
  static func openGatewayAdd(_ state: inout State) -> [Effect] {
    guard state.screen == .overview, !state.gateway.newUnits.isEmpty else { return [] }
    state.overview.list.editingFilter = false
    state.gateway.confirming = true
    return []
  }

  static func confirmGatewayAdd(_ state: inout State) -> [Effect] {
    let units = state.gateway.newUnits
    guard state.screen == .overview, state.gateway.confirming, !state.gateway.adding,
      !units.isEmpty
    else { return [] }
    state.gateway.adding = true
    return [.addGatewayDevices(units)]
  }

  /// Esc on the confirmation: nothing is added.
  static func closeGatewayAdd(_ state: inout State) {
    state.gateway.confirming = false
  }

  /// Added: the Overview counts its devices again, and the fleet's units are read again (the
  /// offer goes, the marks and the Assign filter take the new devices in).
  static func gatewayDevicesAdded(_ devices: [Device], _ state: inout State) -> [Effect] {
    state.gateway.adding = false
    state.gateway.confirming = false
    state.gateway.outcome = .added(count: devices.count)
    // New devices move the rows after them: the window is sought afresh, not from a key.
    state.overview.list.rows = []
    state.overview.list.rowsOffset = 0
    state.overview.list.reloadAnchor = nil
    return [.countDevices(.overview, filter: state.overview.list.filter)] + readGateway(state)
  }

  /// Refused (a serial that another technician added meanwhile, the store failed): nothing
  /// was added; the fleet is read again, so a new offer counts what is still missing.
  static func gatewayAddRefused(_ error: StoreError, _ state: inout State) -> [Effect] {
    state.gateway.adding = false
    state.gateway.confirming = false
    state.gateway.outcome = .refused(error)
    return readGateway(state)
  }

  /// `g` on Assign: only the fleet's devices the gateway serves (as last read, and read
  /// again for fresh licenses), or the whole list again.
  static func toggleGatewayFilter(_ state: inout State) -> [Effect] {
    guard state.screen == .assignToDevice, state.gateway.hasUnits else { return [] }
    state.assign.onGateway.toggle()
    state.assign.message = nil
    state.assign.list.cursor = 0
    state.assign.list.top = 0
    state.assign.list.rows = []
    state.assign.list.rowsOffset = 0
    state.assign.list.reloadAnchor = nil
    if state.assign.onGateway {
      showGatewayRows(&state)
      return readGateway(state)
    }
    state.assign.list.count = 0
    return [.countDevices(.assign, filter: state.assign.list.filter)]
  }

  /// The Assign list from the gateway's devices in the fleet, matched against the filter
  /// as the store matches (`DeviceSearch`): a gateway has a handful of units, all loaded.
  static func showGatewayRows(_ state: inout State) {
    let needle = DeviceSearch.needle(state.assign.list.filter)
    let rows = (state.gateway.inFleet ?? []).filter {
      needle.isEmpty || DeviceSearch.text(of: $0.device).contains(needle)
    }
    state.assign.list.rows = rows
    state.assign.list.rowsOffset = 0
    state.assign.list.reloadAnchor = nil
    state.assign.list.count = rows.count
    state.assign.list.clamp(visible: Layout.visibleRows(.assign, in: state))
  }
}
