import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore

/// A window of a list read with its devices' licenses (`deviceRows`): the devices the window
/// holds, in overview order however it was sought, each with exactly its own licenses (as
/// `licenses(of:)` reads them), filtered or not, on every store.
@Suite struct DeviceRowsTests {
  /// Devices with three, two, one and no licenses next to each other in the list.
  static let fleet = [
    Device(serial: "A1", name: "Alpha", model: "Smart-UPS SRT 3000", site: "Lyon"),
    Device(serial: "B2", name: "Beta", model: "Smart-UPS 1500", site: "Lyon"),
    Device(serial: "C3", name: "Gamma", model: "Back-UPS Pro 900", site: "Austin"),
    Device(serial: "D4", name: "Alpha", model: "Smart-UPS 750", site: "Lyon"),
    Device(serial: "E5", name: "Delta", model: "Galaxy VS", site: "Berlin"),
    Device(serial: "F6", name: "Echo", model: "Galaxy VS", site: "Berlin"),
    Device(serial: "G7", name: "Foxtrot", model: "Easy UPS", site: "Austin"),
  ]

  /// The fleet in overview order: C3 and G7 in Austin, E5 and F6 in Berlin, A1, D4 and B2
  /// in Lyon.
  static let ordered = fleet.sorted { DeviceKey($0).precedes(DeviceKey($1)) }

  /// A store holding the fleet; A1 has a standard year, an advanced upgrade and a queued
  /// standard downgrade, E5 a standard year and an upgrade, C3 and B2 a standard year, D4
  /// an advanced year; F6 and G7 have none.
  static func store(_ kind: StoreKind) async throws -> any SubscriptionStoring {
    let store = try await kind.makeStore()
    try await store.addDevices(fleet, context: Fixture.context())
    let yearAgo = Fixture.now.addingTimeInterval(-300 * 86_400)
    let standard = try await Fixture.activatedPlan(
      store, tier: .standard, seats: 4, seed: 1, at: yearAgo)
    _ = try await store.assign(
      planID: standard, to: ["A1", "C3", "E5", "B2"], expected: nil,
      context: Fixture.context(yearAgo))
    let later = Fixture.now.addingTimeInterval(-100 * 86_400)
    let advanced = try await Fixture.activatedPlan(
      store, tier: .advanced, seats: 2, seed: 2, at: later)
    _ = try await store.assign(
      planID: advanced, to: ["E5", "A1"], expected: nil, context: Fixture.context(later))
    // D4 shares A1's site and name: only the serial tells their rows apart.
    let between = Fixture.now.addingTimeInterval(-200 * 86_400)
    let single = try await Fixture.activatedPlan(
      store, tier: .advanced, seats: 1, seed: 4, at: between)
    _ = try await store.assign(
      planID: single, to: ["D4"], expected: nil, context: Fixture.context(between))
    let queued = try await Fixture.activatedPlan(
      store, tier: .standard, months: 36, seats: 1, seed: 3)
    _ = try await store.assign(
      planID: queued, to: ["A1"], expected: nil, context: Fixture.context())
    return store
  }

  /// The devices `window` holds in `list` (which is in overview order).
  static func expected(_ window: DeviceWindow, in list: [Device]) -> [Device] {
    switch window {
    case .first(let limit): Array(list.prefix(limit))
    case .last(let limit): Array(list.suffix(limit))
    case .after(let key, let limit):
      Array(list.filter { key.precedes(DeviceKey($0)) }.prefix(limit))
    case .from(let key, let limit):
      Array(list.filter { !DeviceKey($0).precedes(key) }.prefix(limit))
    case .before(let key, let limit):
      Array(list.filter { DeviceKey($0).precedes(key) }.suffix(limit))
    }
  }

  static func key(_ serial: String) -> DeviceKey {
    DeviceKey(fleet.first { $0.serial == serial }!)
  }

  /// Every kind of window, read forwards and backwards, ending next to and between devices
  /// with licenses and without.
  static let windows: [DeviceWindow] = [
    .first(limit: 3), .first(limit: 100), .last(limit: 3), .last(limit: 100),
    .after(key("G7"), limit: 3), .from(key("E5"), limit: 2), .from(key("F6"), limit: 4),
    .before(key("B2"), limit: 3), .before(key("D4"), limit: 4), .before(key("C3"), limit: 2),
    .after(key("B2"), limit: 2),
  ]

  /// Filters that fill a window from the first rows read, that need the trigram index or a
  /// read to the end (fewer matches than the window holds), and that match nothing.
  static let filters = ["", "lyon", "galaxy", "a", "al", "ups", "zz", "nothing-like-it"]

  @Test(arguments: StoreKind.allCases, filters)
  func everyWindowHoldsItsDevicesWithExactlyTheirLicenses(kind: StoreKind, filter: String)
    async throws
  {
    let store = try await Self.store(kind)
    let needle = DeviceSearch.needle(filter)
    let list = Self.ordered.filter { needle.isEmpty || holds(DeviceSearch.text(of: $0), needle) }
    let everyLicense = try await store.licenses(of: Self.fleet.map(\.serial))
    for window in Self.windows {
      let rows = try await store.deviceRows(filter: filter, window: window)
      #expect(
        rows.map(\.device) == Self.expected(window, in: list), "\(filter) \(window)")
      for row in rows {
        #expect(row.licenses == everyLicense[row.device.serial], "\(filter) \(window)")
      }
    }
  }

  @Test(arguments: StoreKind.allCases)
  func licensesComeWithTheirOwnDeviceInStartOrder(kind: StoreKind) async throws {
    let store = try await Self.store(kind)
    // Read backwards from the end: B2 (one license), D4 (one), A1 (three), F6 (none).
    let rows = try await store.deviceRows(filter: "", window: .last(limit: 4))
    #expect(rows.map(\.device.serial) == ["F6", "A1", "D4", "B2"])
    #expect(rows.map(\.licenses.count) == [0, 3, 1, 1])
    #expect(rows.allSatisfy { row in row.licenses.allSatisfy { $0.device == row.device.serial } })
    let a1 = rows[1].licenses
    #expect(a1.map(\.tier) == [.standard, .advanced, .standard])
    #expect(a1.map(\.kind) == [.new, .upgrade, .downgrade])
    #expect(a1.map(\.start) == a1.map(\.start).sorted())
    // The downgrade waits for the advanced year to end.
    #expect(a1[2].start == a1[1].end)
    #expect(a1.allSatisfy { $0.maskedCode.hasPrefix("*****-*****-*****-") })
    // A filtered window read backwards: the Berlin pair, each with its own.
    let berlin = try await store.deviceRows(filter: "berlin", window: .last(limit: 5))
    #expect(berlin.map(\.device.serial) == ["E5", "F6"])
    #expect(berlin.map { $0.licenses.map(\.tier) } == [[.standard, .advanced], []])
  }

  @Test(arguments: StoreKind.allCases)
  func emptyWindowReadsNothing(kind: StoreKind) async throws {
    let store = try await Self.store(kind)
    #expect(try await store.deviceRows(filter: "", window: .first(limit: 0)).isEmpty)
    #expect(try await store.deviceRows(filter: "lyon", window: .last(limit: 0)).isEmpty)
  }
}
