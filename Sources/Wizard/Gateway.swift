import Foundation
import SubscriptionStore
import Subscriptions

/// What the gateway's own upsd (Network UPS Tools) serves, as the wizard uses it: the units
/// that have a serial, each as the device it would be added as.
///
/// The wizard never speaks NUT itself: the executable hands the driver a `GatewayScanner`
/// (UPSDiscovery's client, bounded at about 2 s) and the driver runs it beside the store's
/// effects, never in front of them.
public struct GatewayScan: Equatable, Sendable {
  /// The units with a serial, in upsd's order, named by their description (else their NUT
  /// name), with their model and no site.
  public var units: [Device]
  /// Units upsd lists that can never be added (no serial, driver down, a serial seen twice).
  public var skipped: Int

  public init(units: [Device], skipped: Int = 0) {
    self.units = units
    self.skipped = skipped
  }

  /// The serials upsd serves.
  public var serials: [String] { units.map(\.serial) }
}

/// Asks the gateway's upsd for its units; `nil` when there is none to ask or it did not
/// answer in time (not running, refused, silent, broken): the wizard then shows no mark and
/// no offer, and says nothing.
public typealias GatewayScanner = @Sendable () async -> GatewayScan?

/// The wizard's view of the gateway's units: which of them the fleet has, and the offer to
/// add the others.
public struct GatewayState: Equatable, Sendable {
  /// What upsd answered; `nil` until (or unless) it has.
  public var scan: GatewayScan?
  /// The fleet's devices among the units, in overview order, with their licenses; `nil`
  /// until read from the store.
  public var inFleet: [DeviceRow]?
  /// The Overview's confirmation of the offer is up.
  public var confirming = false
  /// The store is adding the units.
  public var adding = false
  /// What the last add came to, shown on the Overview until the next offer.
  public var outcome: AddOutcome?

  public init() {}

  /// What an add came to.
  public enum AddOutcome: Equatable, Sendable {
    case added(count: Int)
    case refused(StoreError)
  }

  /// Whether upsd named any unit with a serial: the Assign screen marks and filters then.
  public var hasUnits: Bool { !(scan?.units.isEmpty ?? true) }

  /// Whether the unit with `serial` is served by the gateway's upsd.
  public func serves(_ serial: String) -> Bool {
    scan?.units.contains { $0.serial == serial } ?? false
  }

  /// The units the fleet lacks, in upsd's order, as they would be added: at `site`.
  /// Empty until the fleet has been read.
  public var newUnits: [Device] {
    guard let scan, let inFleet else { return [] }
    let known = Set(inFleet.map(\.device.serial))
    let site = self.site
    return scan.units.filter { !known.contains($0.serial) }.map { unit in
      var device = unit
      device.site = site
      return device
    }
  }

  /// Where the new units are: the site of this gateway's units the fleet has, when they
  /// all have the same one (they stand in the same place); else none (`""`), and the
  /// technician sets it with `device discover --add --site`.
  public var site: String {
    let sites = Set((inFleet ?? []).map(\.device.site))
    guard sites.count == 1, let site = sites.first else { return "" }
    return site
  }

  /// Whether the Overview shows a line about the gateway (the offer, or what an add did).
  public var showsLine: Bool { !newUnits.isEmpty || outcome != nil }
}
