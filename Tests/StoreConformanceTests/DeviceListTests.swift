import Foundation
import GRDB
import Subscriptions
import Testing

@testable import SubscriptionStore
@testable import SQLiteStore

@Suite struct DeviceListTests {
  static let fleet = [
    Device(serial: "B2", name: "Beta", model: "Smart-UPS 1500", site: "Lyon"),
    Device(serial: "A1", name: "Alpha", model: "Smart-UPS SRT 3000", site: "Lyon"),
    Device(serial: "C3", name: "Gamma", model: "Back-UPS Pro 900", site: "Austin"),
    Device(serial: "D4", name: "Alpha", model: "Smart-UPS 750", site: "Lyon"),
    Device(serial: "E5", name: "Überwachung", model: "Smart-UPS 1000", site: "Berlin"),
  ]

  @Test(arguments: StoreKind.allCases)
  func listIsInSiteNameSerialOrderAndWindowed(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Self.fleet, context: Fixture.context())
    let all = try await store.devices(filter: "", window: .first(limit: 100))
    #expect(all.map(\.serial) == ["C3", "E5", "A1", "D4", "B2"])
    let c3 = DeviceKey(Self.fleet[2])
    let b2 = DeviceKey(Self.fleet[0])
    #expect(try await store.devices(filter: "", window: .after(c3, limit: 2)).map(\.serial) == ["E5", "A1"])
    #expect(try await store.devices(filter: "", window: .from(c3, limit: 2)).map(\.serial) == ["C3", "E5"])
    #expect(try await store.devices(filter: "", window: .before(b2, limit: 2)).map(\.serial) == ["A1", "D4"])
    #expect(try await store.devices(filter: "", window: .last(limit: 2)).map(\.serial) == ["D4", "B2"])
    #expect(try await store.devices(filter: "", window: .after(b2, limit: 2)).isEmpty)
    #expect(try await store.devices(filter: "", window: .before(c3, limit: 2)).isEmpty)
    #expect(try await store.deviceCount(filter: "") == 5)
    #expect(try await store.device(serial: "E5") == Self.fleet[4])
    #expect(try await store.device(serial: "e5") == nil)
  }

  @Test(
    arguments: StoreKind.allCases,
    [
      ("lyon", ["A1", "D4", "B2"]),
      ("SRT", ["A1"]),
      ("alpha", ["A1", "D4"]),
      ("c3", ["C3"]),
      ("ÜBER", ["E5"]),
      ("%", [String]()),
      ("_", [String]()),
    ])
  func filterMatchesAnyFieldIgnoringCase(kind: StoreKind, row: (filter: String, serials: [String]))
    async throws
  {
    let (filter, serials) = row
    let store = try await kind.makeStore()
    try await store.addDevices(Self.fleet, context: Fixture.context())
    #expect(try await store.devices(filter: filter, window: .first(limit: 100)).map(\.serial) == serials)
    #expect(try await store.deviceCount(filter: filter) == serials.count)
  }

  @Test(arguments: StoreKind.allCases)
  func deviceNamedTwiceWritesNothing(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let batch = [Self.fleet[0], Self.fleet[1], Self.fleet[0]]
    await #expect(throws: StoreError.deviceNamedTwice(serial: "B2")) {
      try await store.addDevices(batch, context: Fixture.context())
    }
    #expect(try await store.deviceCount(filter: "") == 0)
  }

  @Test(arguments: StoreKind.allCases)
  func existingSerialRefusesTheWholeBatch(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices([Self.fleet[0]], context: Fixture.context())
    await #expect(throws: StoreError.deviceExists(serial: "B2")) {
      try await store.addDevices([Self.fleet[1], Self.fleet[0]], context: Fixture.context())
    }
    #expect(try await store.deviceCount(filter: "") == 1)
    #expect(try await store.device(serial: "A1") == nil)
  }

  @Test(
    arguments: StoreKind.allCases,
    [
      (Device(serial: "", name: "x"), DeviceProblem.emptySerial),
      (Device(serial: "A B", name: "x"), .spaceInSerial),
      (Device(serial: "A1", name: "  "), .emptyName),
      (Device(serial: "A1", name: "UPS\u{1B}[2J"), .controlCharacter(.name)),
      (
        Device(serial: "A1", name: "UPS", site: String(repeating: "s", count: 201)),
        .tooLong(.site)
      ),
    ] as [(Device, DeviceProblem)])
  func invalidDeviceIsRefusedWithTheField(kind: StoreKind, row: (device: Device, problem: DeviceProblem))
    async throws
  {
    let (device, problem) = row
    let store = try await kind.makeStore()
    await #expect {
      try await store.addDevices([Self.fleet[0], device], context: Fixture.context())
    } throws: { error in
      guard case .invalidDevice(_, let why) = error as? StoreError else { return false }
      return why == problem
    }
    #expect(try await store.deviceCount(filter: "") == 0)
  }

  @Test(arguments: StoreKind.allCases)
  func licensesOfDevicesWithoutAnyAreEmpty(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Self.fleet, context: Fixture.context())
    let licenses = try await store.licenses(of: ["A1", "B2"])
    #expect(licenses == ["A1": [], "B2": []])
  }

  /// Every kind of window, filtered or not, seeks on the overview index: no sort of the
  /// table, no scan from the top (the plan names the row-value range it searches). The probe
  /// sorts at most `DeviceSearch.probeRows` rows; the trigram way reads the FTS5 index.
  @Test(
    arguments: DeviceListPagingTests.everyKindOfWindow,
    [SQLiteStore.SearchWay.all, .probe, .scan, .trigrams])
  func windowIsSoughtOnAnIndex(window: DeviceWindow, way: SQLiteStore.SearchWay) async throws {
    let temp = try TemporaryStore()
    let query = SQLiteStore.windowQuery(window, needle: way == .all ? nil : "abc", way: way)
    let details = try await temp.store.pool.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: query.arguments)
        .map { $0["detail"] as String }
    }
    let keyed = window != .first(limit: 3) && window != .last(limit: 3)
    switch way {
    case .all, .scan, .probe:
      #expect(details.contains { $0.contains("device_overview_order") })
      if way != .probe { #expect(!details.contains { $0.contains("TEMP B-TREE") }) }
      if keyed {
        #expect(details.contains { $0.contains("SEARCH") && $0.contains("(site,name,serial)") })
      }
    case .trigrams:
      #expect(details.contains { $0.contains("device_search") && $0.contains("VIRTUAL TABLE") })
      #expect(!details.contains { $0.hasPrefix("SCAN device ") || $0 == "SCAN device" })
    }
  }
}

@Suite struct OverviewReadTests {
  @Test(arguments: StoreKind.allCases)
  func overviewComesInBatchesInListOrderWithLicensesAndPlans(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(DeviceListTests.fleet, context: Fixture.context())
    let plan = try await Fixture.activatedPlan(store, tier: .advanced, seats: 2, seed: 9)
    _ = try await store.assign(planID: plan, to: ["B2"], expected: nil, context: Fixture.context())
    var batches: [[String]] = []
    var licensed: [String] = []
    let plans = try await store.readOverview(batchSize: 2) { devices, licenses in
      batches.append(devices.map(\.serial))
      licensed += licenses.filter { !$0.value.isEmpty }.keys
    }
    #expect(batches == [["C3", "E5"], ["A1", "D4"], ["B2"]])
    #expect(licensed == ["B2"])
    #expect(plans.map(\.seatsLeft) == [1])
  }
}
