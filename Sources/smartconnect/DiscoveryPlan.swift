import SubscriptionStore
import Subscriptions
import UPSDiscovery

/// What `device discover` makes of the units it found: for each, whether the fleet has
/// its serial already, and with `--add` the device it would add or why it skips it.
/// Pure: the command asks the servers and the store, this decides.
struct DiscoveryPlan {
  /// One unit, where it was found, and what becomes of it.
  struct Row {
    var endpoint: NUTEndpoint
    var unit: DiscoveredUnit
    var outcome: Outcome

    /// `name@host:port`, as NUT's own tools write a unit.
    var nutName: String { "\(unit.name)@\(endpoint)" }
  }

  enum Outcome: Equatable {
    /// The fleet has the serial, under this name.
    case inFleet(name: String)
    /// Not in the fleet; `--add` adds it as this device.
    case new(Device)
    /// Not in the fleet and cannot be added, and why.
    case skipped(Skip)
  }

  /// Why a unit is not added (`CommandWords` says it).
  enum Skip: Equatable {
    /// upsd has no data for it, and why (`DATA-STALE`, …).
    case noData(NUTServerError)
    /// It reports neither device.serial nor ups.serial.
    case noSerial
    /// Another unit found earlier (`name@host:port`) has the same serial.
    case sameSerial(as: String)
    /// Its serial cannot be stored as it is.
    case cannotStore(DeviceProblem)
  }

  var rows: [Row]

  /// The devices `--add` writes, in the order found.
  var additions: [Device] {
    rows.compactMap { if case .new(let device) = $0.outcome { return device } else { return nil } }
  }

  /// Decides each unit's outcome. `fleet` maps the serials the store has to their names.
  init(found: [(NUTEndpoint, DiscoveredUnit)], fleet: [String: String], site: String) {
    var seen: [String: String] = [:]
    rows = found.map { endpoint, unit in
      let row = { (outcome: Outcome) in Row(endpoint: endpoint, unit: unit, outcome: outcome) }
      if let problem = unit.unavailable {
        return row(.skipped(.noData(problem)))
      }
      guard let serial = unit.serial else {
        return row(.skipped(.noSerial))
      }
      if let name = fleet[serial] { return row(.inFleet(name: name)) }
      if let first = seen[serial] {
        return row(.skipped(.sameSerial(as: first)))
      }
      seen[serial] = "\(unit.name)@\(endpoint)"
      let device = Self.device(for: unit, serial: serial, site: site)
      if let problem = DeviceCheck.problem(with: device) {
        return row(.skipped(.cannotStore(problem)))
      }
      return row(.new(device))
    }
  }

  /// The device a unit becomes: named by its description, else its NUT name (also when the
  /// description could not be stored, e.g. it holds an escape sequence).
  static func device(for unit: DiscoveredUnit, serial: String, site: String) -> Device {
    var device = Device(
      serial: serial, name: unit.givenDescription ?? unit.name, model: unit.model ?? "",
      site: site)
    if DeviceCheck.problem(with: device)?.field == .name {
      device.name = unit.name
    }
    if DeviceCheck.problem(with: device)?.field == .model {
      device.model = ""
    }
    return device
  }
}
