import Foundation
import SQLiteStore
import Localization
import SubscriptionStore
import Subscriptions
import Wizard

/// The wizard on a fresh SQLite store seeded with the demo fleet at the reference clock:
/// what `smartconnect --demo --now 2027-01-15T09:00:00Z` shows.
final class DemoScenario {
  static let now = DemoFleet.referenceNow
  let path: String
  let store: SQLiteStore
  let fleet: DemoFleet
  let driver: WizardDriver

  /// What the demo gateway's upsd serves in the gateway screens: three of the demo fleet's
  /// Lyon Plant units, two the fleet lacks, and one without a serial.
  static let gateway = GatewayScan(
    units: [
      Device(serial: "AS2108234567", name: "Control room", model: "Smart-UPS SRT 2200"),
      Device(serial: "3S2104789012", name: "line1", model: "Smart-UPS X 3000"),
      Device(serial: "3S2104789013", name: "line2", model: "Smart-UPS X 3000"),
      Device(serial: "AS2310100001", name: "Line 3 PLC UPS", model: "Smart-UPS SRT 1500"),
      Device(serial: "AS2310100002", name: "Line 4 PLC UPS", model: "Smart-UPS 1500"),
    ], skipped: 1)

  /// `gateway`: what the gateway's upsd answers (`nil`: no upsd is asked, as in `--demo`).
  init(language: Language = .english, gateway: GatewayScan? = nil) async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-wizard-\(UUID().uuidString)")
    path = folder.appendingPathComponent("store.sqlite").path
    store = try SQLiteStore(path: path)
    fleet = try await DemoFleet.seed(into: store, now: Self.now)
    let scanner: GatewayScanner? = gateway.map { scan in { @Sendable in scan } }
    driver = WizardDriver(
      store: store, clock: { Self.now }, operatorName: "tech", host: "gateway",
      demoCodes: fleet.demoCodes, language: language,
      gatewayScanner: scanner)
    driver.start()
    await driver.settle()
  }

  deinit {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
  }

  /// Another technician's store on the same file.
  func otherTechnician() throws -> SQLiteStore { try SQLiteStore(path: path) }

  /// Types `text` key by key, as a person would, each key's store calls answered before
  /// the next.
  func type(_ text: String) async {
    for character in text {
      _ = driver.handle(character == " " ? .space : .character(character))
      await driver.settle()
    }
  }

  /// Presses `keys` in turn, each one's store calls answered before the next.
  @discardableResult
  func press(_ keys: Key...) async -> WizardDriver.Outcome {
    var outcome = WizardDriver.Outcome.running
    for key in keys {
      outcome = driver.handle(key)
      await driver.settle()
    }
    return outcome
  }

  /// The screen at `size`, once the rows a new size shows are loaded.
  func screen(_ size: Size = .minimum) async -> ScreenBuffer {
    _ = driver.render(size: size)
    await driver.settle()
    return driver.render(size: size)
  }

  /// The serials of the demo devices by name.
  func serial(_ name: String) -> String {
    fleet.devices.first { $0.name == name }?.serial ?? "?"
  }

  /// Moves the Assign pointer to the device named `name` (the list is in overview order).
  func pointAt(_ name: String) async {
    await press(.home)
    for _ in 0..<fleet.devices.count {
      if driver.state.assign.list.current?.device.name == name { return }
      await press(.down)
    }
  }
}
