import Foundation
import GRDB
import Subscriptions
import Testing

@testable import PostgresStore
@testable import SQLiteStore
@testable import SubscriptionStore

/// Devices added in batches (an import of many rows) are listed, counted and found by the
/// filter exactly as devices added one at a time, on every store; a refused batch leaves
/// nothing behind, neither rows nor index entries nor count.
@Suite struct DeviceLoadTests {
  /// More devices than SQLite's large-load threshold and PostgreSQL's rows per statement.
  static let large = max(SQLiteStore.largeLoad, PostgresStore.devicesPerStatement) + 1

  static func batch(_ count: Int, prefix: String) -> [Device] {
    (0..<count).map {
      Device(
        serial: "\(prefix)\(String(format: "%06d", $0))", name: "Unit \($0 % 97)",
        model: $0 % 2 == 0 ? "Smart-UPS 1500" : "Galaxy VS", site: "Site \($0 % 7)")
    }
  }

  @Test(arguments: StoreKind.allCases)
  func batchesAndSingleDevicesAreCountedAndFoundAlike(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let large = Self.batch(Self.large, prefix: "LG")
    try await store.addDevices(large, context: Fixture.context())
    try await store.addDevices(
      [Device(serial: "ONE1", name: "Lone UPS", model: "Back-UPS", site: "Site 3")],
      context: Fixture.context())
    try await store.addDevices(Self.batch(5, prefix: "SM"), context: Fixture.context())

    #expect(try await store.deviceCount(filter: "") == Self.large + 6)
    // Three or more characters: through the trigram index; one or two: read in order.
    #expect(try await store.deviceCount(filter: "lg00012") == 10)
    #expect(try await store.deviceCount(filter: "LONE") == 1)
    #expect(try await store.deviceCount(filter: "sm0000") == 5)
    #expect(try await store.deviceCount(filter: "galaxy") == Self.large / 2 + 2)
    #expect(try await store.deviceCount(filter: "e1") == 1)
    let found = try await store.devices(filter: "unit 96", window: .first(limit: 400))
    let expected = (large + Self.batch(5, prefix: "SM"))
      .filter { $0.name == "Unit 96" }
      .sorted { ($0.site, $0.name, $0.serial) < ($1.site, $1.name, $1.serial) }
    #expect(found == expected)
  }

  @Test(arguments: StoreKind.allCases)
  func refusedBatchLeavesNoRowIndexEntryOrCount(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Self.batch(3, prefix: "OK"), context: Fixture.context())
    // The taken serial comes last: on PostgreSQL, in a later statement than the first rows.
    var refused = Self.batch(Self.large, prefix: "NO")
    refused.append(Device(serial: "OK000001", name: "again"))
    await #expect(throws: StoreError.deviceExists(serial: "OK000001")) {
      try await store.addDevices(refused, context: Fixture.context())
    }
    #expect(try await store.deviceCount(filter: "") == 3)
    #expect(try await store.deviceCount(filter: "no0000") == 0)
    #expect(try await store.devices(filter: "no0", window: .first(limit: 5)).isEmpty)
    // The store takes the next batch as if the refused one had never been tried.
    try await store.addDevices(Self.batch(2, prefix: "NEXT"), context: Fixture.context())
    #expect(try await store.deviceCount(filter: "") == 5)
    #expect(try await store.deviceCount(filter: "next0") == 2)
  }

  /// SQLite: after loads, refused loads and single inserts the FTS5 index is exactly the
  /// trigrams of the devices' search text, and no load marker is left behind.
  @Test func sqliteTrigramIndexPassesItsIntegrityCheck() async throws {
    let temp = try TemporaryStore()
    try await temp.store.addDevices(Self.batch(50, prefix: "A"), context: Fixture.context())
    try await temp.store.addDevices([Device(serial: "B1", name: "b")], context: Fixture.context())
    await #expect(throws: StoreError.self) {
      try await temp.store.addDevices(
        Self.batch(20, prefix: "C") + [Device(serial: "B1", name: "b")],
        context: Fixture.context())
    }
    try await temp.store.addDevices(Self.batch(20, prefix: "D"), context: Fixture.context())
    try await temp.store.pool.write { db in
      try db.execute(
        sql: "INSERT INTO device_search (device_search, rank) VALUES ('integrity-check', 1)")
      #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM device_load") == 0)
      #expect(try Int.fetchOne(db, sql: "SELECT devices FROM device_total") == 71)
      #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM device") == 71)
    }
  }

  /// SQLite: a device inserted by other means than a load (an older build, by hand) is
  /// still indexed and counted by v4's and v3's triggers.
  @Test func sqliteRowInsertedOutsideALoadIsIndexedAndCounted() async throws {
    let temp = try TemporaryStore()
    try await temp.store.pool.write { db in
      try db.execute(
        sql: """
          INSERT INTO device (serial, name, model, site, search, added_at)
          VALUES ('HAND1', 'By hand', '', '', 'by hand\u{1F}hand1\u{1F}\u{1F}', 0)
          """)
    }
    #expect(try await temp.store.deviceCount(filter: "") == 1)
    #expect(try await temp.store.deviceCount(filter: "by han") == 1)
  }
}
