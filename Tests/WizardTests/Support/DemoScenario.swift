import Foundation
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

  init() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-wizard-\(UUID().uuidString)")
    path = folder.appendingPathComponent("store.sqlite").path
    store = try SQLiteStore(path: path)
    fleet = try DemoFleet.seed(into: store, now: Self.now)
    driver = WizardDriver(
      store: store, clock: { Self.now }, operatorName: "tech", host: "gateway",
      demoCodes: fleet.demoCodes)
    driver.start()
  }

  deinit {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
  }

  /// Another technician's store on the same file.
  func otherTechnician() throws -> SQLiteStore { try SQLiteStore(path: path) }

  /// Types `text` key by key, as a person would.
  func type(_ text: String) {
    for character in text { _ = driver.handle(character == " " ? .space : .character(character)) }
  }

  @discardableResult
  func press(_ keys: Key...) -> WizardDriver.Outcome {
    var outcome = WizardDriver.Outcome.running
    for key in keys { outcome = driver.handle(key) }
    return outcome
  }

  func screen(_ size: Size = .minimum) -> ScreenBuffer { driver.render(size: size) }

  /// The serials of the demo devices by name.
  func serial(_ name: String) -> String {
    fleet.devices.first { $0.name == name }?.serial ?? "?"
  }

  /// Moves the Assign pointer to the device named `name` (the list is in overview order).
  func pointAt(_ name: String) {
    press(.home)
    for _ in 0..<fleet.devices.count {
      if driver.state.assign.list.current?.device.name == name { return }
      press(.down)
    }
  }
}
