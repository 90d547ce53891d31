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

  /// The refusal names the first serial in the order given that is stored already, whatever
  /// part of a large import it is in and whatever the serials' own order.
  @Test(arguments: StoreKind.allCases)
  func refusalNamesTheFirstStoredSerialInTheOrderGiven(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let stored = ["TAKEN-A", "TAKEN-M", "TAKEN-Z"].map { Device(serial: $0, name: "stored") }
    try await store.addDevices(stored, context: Fixture.context())
    let part = PostgresStore.devicesPerStatement
    // The last row of the first INSERT on PostgreSQL, then the first row of the second.
    var acrossParts = Self.batch(2 * part, prefix: "X")
    acrossParts[part - 1] = Device(serial: "TAKEN-Z", name: "again")
    acrossParts[part] = Device(serial: "TAKEN-A", name: "again")
    await #expect(throws: StoreError.deviceExists(serial: "TAKEN-Z")) {
      try await store.addDevices(acrossParts, context: Fixture.context())
    }
    // Three in one part, given in another order than their own.
    var inOnePart = Self.batch(2 * part, prefix: "Y")
    inOnePart[part + 3] = Device(serial: "TAKEN-M", name: "again")
    inOnePart[part + 10] = Device(serial: "TAKEN-Z", name: "again")
    inOnePart[part + 20] = Device(serial: "TAKEN-A", name: "again")
    await #expect(throws: StoreError.deviceExists(serial: "TAKEN-M")) {
      try await store.addDevices(inOnePart, context: Fixture.context())
    }
    #expect(try await store.deviceCount(filter: "") == 3)
    #expect(try await store.deviceCount(filter: "x0") == 0)
    #expect(try await store.deviceCount(filter: "y0") == 0)
  }

  /// A batch that cannot be stored as given is refused for that, even when it also names a
  /// stored serial (before the invalid device, in the same INSERT on PostgreSQL).
  @Test(arguments: StoreKind.allCases)
  func invalidDeviceIsRefusedBeforeAStoredSerial(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices([Device(serial: "S1", name: "stored")], context: Fixture.context())
    let batch = [Device(serial: "S1", name: "again"), Device(serial: "", name: "no serial")]
    await #expect(throws: StoreError.invalidDevice(serial: "", problem: .emptySerial)) {
      try await store.addDevices(batch, context: Fixture.context())
    }
    #expect(try await store.deviceCount(filter: "") == 1)
  }

  /// SQLite: a large load sets the device table's insert triggers and overview index aside
  /// while its rows go in; afterwards (or after a refused load) the schema is exactly as
  /// before, the rebuilt index holds every row, and a device added alone is indexed and
  /// counted by the triggers again.
  @Test func sqliteLargeLoadLeavesTheSchemaAsItWas() async throws {
    let temp = try TemporaryStore()
    let schema = { @Sendable () async throws -> [String] in
      try await temp.store.pool.read { db in
        try String.fetchAll(
          db,
          sql: """
            SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '')
            FROM sqlite_master ORDER BY type, name
            """)
      }
    }
    let before = try await schema()
    // Into an empty table (the overview index is rebuilt), refused, then into a table larger
    // than the load (the index takes the rows as they come).
    try await temp.store.addDevices(
      Self.batch(2 * Self.large, prefix: "A"), context: Fixture.context())
    await #expect(throws: StoreError.deviceExists(serial: "A000007")) {
      try await temp.store.addDevices(
        Self.batch(Self.large, prefix: "B") + [Device(serial: "A000007", name: "again")],
        context: Fixture.context())
    }
    try await temp.store.addDevices(
      Self.batch(Self.large, prefix: "C"), context: Fixture.context())
    #expect(try await schema() == before)
    try await temp.store.addDevices(
      [Device(serial: "Q1", name: "Lone", site: "Site 0")], context: Fixture.context())
    try await temp.store.pool.write { db in
      #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
      try db.execute(
        sql: "INSERT INTO device_search (device_search, rank) VALUES ('integrity-check', 1)")
      #expect(
        try Int.fetchOne(db, sql: "SELECT v FROM device_search_config WHERE k = 'hashsize'")
          == SQLiteStore.defaultIndexBytes)
    }
    #expect(try await temp.store.deviceCount(filter: "") == 3 * Self.large + 1)
    #expect(try await temp.store.deviceCount(filter: "lone") == 1)
    #expect(try await temp.store.deviceCount(filter: "q1") == 1)
    #expect(try await temp.store.deviceCount(filter: "b0") == 0)
    // The overview index lists every device in order.
    let stored =
      Self.batch(2 * Self.large, prefix: "A") + Self.batch(Self.large, prefix: "C")
      + [Device(serial: "Q1", name: "Lone", site: "Site 0")]
    let expected = stored.sorted {
      ($0.site, $0.name, $0.serial) < ($1.site, $1.name, $1.serial)
    }
    #expect(
      try await temp.store.devices(filter: "", window: .first(limit: 3))
        == Array(expected.prefix(3)))
    #expect(
      try await temp.store.devices(filter: "", window: .last(limit: 3))
        == Array(expected.suffix(3)))
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
