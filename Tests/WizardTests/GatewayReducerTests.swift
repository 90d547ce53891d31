import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// The gateway's UPS units (NUT's upsd), step by step: the Overview's offer to add those the
/// fleet lacks, the Assign screen's marks and its "on this gateway" filter.
@Suite("Gateway (reducer)")
struct GatewayReducerTests {
  typealias F = Fixture
  typealias R = ReducerTests

  static let line3 = Device(serial: "AS2310100001", name: "Line 3 PLC UPS", model: "Smart-UPS SRT 1500")
  static let line4 = Device(serial: "AS2310100002", name: "Line 4 PLC UPS", model: "Smart-UPS 1500")
  /// upsd serves the fleet's Standard UPS and two units the fleet lacks; one more has no serial.
  static let scan = GatewayScan(units: [F.standard, line3, line4], skipped: 1)
  static let serials = [F.standard.serial, line3.serial, line4.serial]
  /// As they are added: at the site of the gateway's unit the fleet has (site A).
  static let new = [line3, line4].map { unit in
    var device = unit
    device.site = F.standard.site
    return device
  }

  /// The Overview once upsd has answered and the fleet's units are read.
  static var offered: State {
    R.reached([.gatewayScanned(scan), .gatewayDevicesRead([F.rows[1]])])
  }

  @Test func theUnitsTheFleetLacksAreOfferedAndAddedAllAtOnce() {
    var h = Harness(F.overview)
    h.send(.gatewayScanned(Self.scan), effects: [.readGatewayDevices(serials: Self.serials)]) {
      $0.gateway.scan = Self.scan
    }
    // The offer's line takes a row from the list; the three rows loaded still fill it.
    h.send(.gatewayDevicesRead([F.rows[1]])) { $0.gateway.inFleet = [F.rows[1]] }
    #expect(h.state.gateway.newUnits == Self.new)
    #expect(Layout.visibleRows(.overview, in: h.state) == R.overviewRows - 1)
    #expect(KeyMap.action(for: .character("g"), in: h.state) == .gatewayAddOpened)

    h.send(.gatewayAddOpened) { $0.gateway.confirming = true }
    // On the confirmation only Enter, Esc and help mean something: no list moves under it.
    #expect(KeyMap.action(for: .enter, in: h.state) == .gatewayAddConfirmed)
    #expect(KeyMap.action(for: .escape, in: h.state) == .backPressed)
    for key in [Key.down, .character("q"), .character("a"), .character("/"), .space] {
      #expect(KeyMap.action(for: key, in: h.state) == nil, "\(key)")
    }
    #expect(Action.gatewayAddConfirmed.pressesButton)

    h.send(.gatewayAddConfirmed, effects: [.addGatewayDevices(Self.new)]) {
      $0.gateway.adding = true
    }
    // A second Enter while the store writes adds nothing more.
    h.send(.gatewayAddConfirmed)
    h.send(
      .gatewayDevicesAdded(Self.new),
      effects: [.countDevices(.overview, filter: ""), .readGatewayDevices(serials: Self.serials)]
    ) {
      $0.gateway.adding = false
      $0.gateway.confirming = false
      $0.gateway.outcome = .added(count: 2)
      $0.overview.list.rows = []
    }
    let all = [F.rows[1]] + Self.new.map { DeviceRow(device: $0, licenses: []) }
    h.send(.gatewayDevicesRead(all)) { $0.gateway.inFleet = all }
    #expect(h.state.gateway.newUnits.isEmpty)
    #expect(KeyMap.action(for: .character("g"), in: h.state) == nil)
    // What the add came to is seen once: leaving the Overview clears it, and back there
    // the list takes the line's row back (and reads the rows it lacks).
    h.send(.activatePressed) {
      $0.gateway.outcome = nil
      $0.screen = .activateCode
    }
  }

  /// Back on the Overview after the add's news was seen, the line's row goes back to the
  /// list, and the row it lacks is read.
  @Test func theLinesRowGoesBackToTheList() {
    var state = F.overview
    let rows = (0..<20).map {
      DeviceRow(device: Device(serial: "S\($0)", name: "UPS \($0)", site: "A"), licenses: [])
    }
    state.overview.list.count = 20
    state.overview.list.rows = Array(rows.prefix(R.overviewRows - 1))
    state.gateway.scan = GatewayScan(units: [rows[0].device])
    state.gateway.inFleet = [rows[0]]
    state.gateway.outcome = .added(count: 1)
    #expect(Layout.visibleRows(.overview, in: state) == R.overviewRows - 1)
    var h = Harness(state)
    h.send(.activatePressed) {
      $0.gateway.outcome = nil
      $0.screen = .activateCode
    }
    h.send(
      .backPressed,
      effects: [.loadDevices(.overview, filter: "", offset: 0, window: .first(limit: R.overviewRows))]
    ) { $0.screen = .overview }
  }

  @Test func escapeClosesTheConfirmationWithoutAdding() {
    var h = Harness(Self.reached(.gatewayAddOpened, from: Self.offered))
    h.send(.backPressed) { $0.gateway.confirming = false }
    h.send(.gatewayAddConfirmed)
    // `q` quits again once the confirmation is gone; while it is up it did not.
    var confirming = Self.offered
    confirming.gateway.confirming = true
    #expect(reduce(&confirming, .quitPressed) == [])
    h.send(.quitPressed, effects: [.quit])
  }

  @Test func aRefusedAddSaysWhyAndReadsTheFleetAgain() {
    var h = Harness(Self.reached(.gatewayAddConfirmed, from: Self.reached(.gatewayAddOpened, from: Self.offered)))
    let error = StoreError.deviceExists(serial: Self.line3.serial)
    h.send(.gatewayAddRefused(error), effects: [.readGatewayDevices(serials: Self.serials)]) {
      $0.gateway.adding = false
      $0.gateway.confirming = false
      $0.gateway.outcome = .refused(error)
    }
  }

  @Test func noUpsdMeansNoMarkNoOfferAndNoKey() {
    var h = Harness(F.overview)
    h.send(.gatewayScanned(nil))
    #expect(KeyMap.action(for: .character("g"), in: h.state) == nil)
    h.send(.gatewayAddOpened)
    let assign = R.reached(R.toAssign + [.gatewayScanned(nil)])
    #expect(KeyMap.action(for: .character("g"), in: assign) == nil)
    var state = assign
    #expect(reduce(&state, .gatewayFilterToggled) == [])
    #expect(state == assign)
  }

  /// The gateway's units in the fleet at more than one site: the new ones get none.
  @Test func unitsOfSeveralSitesLeaveTheSiteEmpty() {
    let state = R.reached([.gatewayScanned(Self.scan), .gatewayDevicesRead([F.rows[1], F.rows[2]])])
    #expect(state.gateway.site == "")
    #expect(state.gateway.newUnits == [Self.line3, Self.line4])
  }

  /// A upsd whose units all lack a serial has nothing to mark or read.
  @Test func unitsWithoutASerialAreNeverOffered() {
    var h = Harness(F.overview)
    let none = GatewayScan(units: [], skipped: 2)
    h.send(.gatewayScanned(none)) { $0.gateway.scan = none }
    #expect(!h.state.gateway.showsLine)
  }

  @Test func assignShowsOnlyTheGatewaysDevicesAndBack() {
    let inFleet = [F.rows[1], F.rows[2]]
    let scan = GatewayScan(units: [F.standard, F.advanced, Self.line3])
    let serials = scan.serials
    var h = Harness(R.reached(R.toAssign + [.gatewayScanned(scan), .gatewayDevicesRead(inFleet)]))
    #expect(KeyMap.action(for: .character("g"), in: h.state) == .gatewayFilterToggled)
    h.send(.moved(.down)) { $0.assign.list.cursor = 1 }
    h.send(.gatewayFilterToggled, effects: [.readGatewayDevices(serials: serials)]) {
      $0.assign.onGateway = true
      $0.assign.list.cursor = 0
      $0.assign.list.rows = inFleet
      $0.assign.list.count = 2
    }
    // The filter narrows the gateway's devices in place, as the store would match them.
    h.send(.filterOpened) { $0.assign.list.editingFilter = true }
    h.send(.filterEdited(.assign, text: "ADV")) {
      $0.assign.list.filter = "ADV"
      $0.assign.list.rows = [F.rows[2]]
      $0.assign.list.count = 1
    }
    // A whole-list answer that was under way changes nothing now.
    h.send(.devicesCounted(.assign, filter: "ADV", count: 9))
    h.send(.devicesLoaded(.assign, filter: "ADV", offset: 0, rows: F.rows))
    // Fresh licenses come back for the gateway's devices: the list takes them.
    let fresher = [F.rows[1], DeviceRow(device: F.advanced, licenses: [])]
    h.send(.gatewayDevicesRead(fresher)) {
      $0.gateway.inFleet = fresher
      $0.assign.list.rows = [fresher[1]]
    }
    h.send(.submitted) { $0.assign.list.editingFilter = false }
    h.send(.gatewayFilterToggled, effects: [.countDevices(.assign, filter: "ADV")]) {
      $0.assign.onGateway = false
      $0.assign.list.rows = []
      $0.assign.list.count = 0
    }
  }

  @Test func theSamePlanAgainReadsTheGatewaysDevicesAgain() {
    let scan = GatewayScan(units: [F.standard])
    var state = R.reached(
      R.toAssign + [.gatewayScanned(scan), .gatewayDevicesRead([F.rows[1]]), .gatewayFilterToggled,
                    .gatewayDevicesRead([F.rows[1]]), .backPressed])
    #expect(state.screen == .activatedPlans)
    #expect(reduce(&state, .submitted) == [.readGatewayDevices(serials: [F.standard.serial])])
    #expect(state.assign.onGateway)
    #expect(state.assign.list.rows == [F.rows[1]])
  }

  static func reached(_ action: Action, from state: State) -> State {
    R.reached([action], from: state)
  }
}
