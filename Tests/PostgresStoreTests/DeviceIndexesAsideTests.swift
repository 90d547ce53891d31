import Foundation
import PostgresTestServer
import SubscriptionStore
import Subscriptions
import Testing

@testable import PostgresStore

/// v6: an import much larger than the table sets the device table's non-unique indexes aside
/// and builds them once at its end; every other import keeps them. Either way the schema is
/// afterwards exactly what it was, and the indexes hold every row.
@Suite struct DeviceIndexesAsideTests {
  /// Above v6's 10 000 rows.
  static let large = 10_001

  static func batch(_ count: Int, prefix: String) -> [Device] {
    (0..<count).map {
      Device(
        serial: "\(prefix)\(String(format: "%06d", $0))", name: "Unit \($0 % 97)",
        model: $0 % 2 == 0 ? "Smart-UPS 1500" : "Galaxy VS", site: "Site \($0 % 7)")
    }
  }

  /// The device table's indexes: each one's definition, and the object it is (a rebuilt
  /// index is a new one).
  static func indexes(_ server: TestPostgres, _ database: String) throws -> (
    definitions: [String], oids: [String: String]
  ) {
    let rows = try server.psql(
      """
      SELECT class.relname || '|' || class.oid || '|' || pg_get_indexdef(class.oid)
      FROM pg_index JOIN pg_class AS class ON class.oid = pg_index.indexrelid
      WHERE pg_index.indrelid = 'smartconnect.device'::regclass ORDER BY class.relname
      """, database: database
    ).split(separator: "\n").map { $0.split(separator: "|", maxSplits: 2).map(String.init) }
    return (
      rows.map { $0[0] + " " + $0[2] },
      Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    )
  }

  /// Counts through the trigram index alone (no table scan to fall back on).
  static func indexedCount(_ server: TestPostgres, _ database: String, _ needle: String) throws
    -> Int
  {
    let plan = try server.psql(
      """
      SET enable_seqscan = off; SET enable_indexscan = off;
      EXPLAIN SELECT count(*) FROM smartconnect.device WHERE search LIKE '%\(needle)%'
      """, database: database)
    #expect(plan.contains("device_search_trigrams"), "\(plan)")
    return Int(
      try server.psql(
        """
        SET enable_seqscan = off; SET enable_indexscan = off;
        SELECT count(*) FROM smartconnect.device WHERE search LIKE '%\(needle)%'
        """, database: database
      ).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  @Test func largeLoadIntoASmallTableRebuildsTheIndexesAndLeavesTheSchemaAsItWas() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let store = try await TestStores.open(server.url(database: database), statementTimeout: 30)
    let before = try Self.indexes(server, database)
    #expect(
      before.oids.keys.sorted() == [
        "device_overview_order", "device_pkey", "device_search_trigrams",
      ])

    // Into an empty table: set aside and built again (new objects, same definitions).
    try await store.addDevices(Self.batch(Self.large, prefix: "A"), context: TestStores.context())
    let rebuilt = try Self.indexes(server, database)
    #expect(rebuilt.definitions == before.definitions)
    #expect(rebuilt.oids["device_pkey"] == before.oids["device_pkey"])
    #expect(rebuilt.oids["device_overview_order"] != before.oids["device_overview_order"])
    #expect(rebuilt.oids["device_search_trigrams"] != before.oids["device_search_trigrams"])
    #expect(try Self.indexedCount(server, database, "a00012") == 10)
    #expect(try Self.indexedCount(server, database, "galaxy") == Self.large / 2)

    // Refused (a stored serial, last): rolled back with the indexes as they were.
    await #expect(throws: StoreError.deviceExists(serial: "A000007")) {
      try await store.addDevices(
        Self.batch(3 * Self.large, prefix: "B") + [Device(serial: "A000007", name: "again")],
        context: TestStores.context())
    }
    #expect(try Self.indexes(server, database).oids == rebuilt.oids)
    #expect(try Self.indexedCount(server, database, "b0000") == 0)

    // Into a table not much smaller than the load: the indexes take the rows as they come.
    try await store.addDevices(Self.batch(Self.large, prefix: "C"), context: TestStores.context())
    #expect(try Self.indexes(server, database).oids == rebuilt.oids)
    #expect(try Self.indexedCount(server, database, "c00012") == 10)
    #expect(try await store.deviceCount(filter: "") == 2 * Self.large)
    let unit96 = Self.batch(Self.large, prefix: "A").filter { $0.name == "Unit 96" }.count
    #expect(try await store.deviceCount(filter: "unit 96") == 2 * unit96)
    let aside = try server.psql(
      "SELECT count(*) FROM smartconnect.device_index_aside", database: database)
    #expect(aside.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
  }

  /// A transaction that sets the indexes aside and commits without putting them back gets
  /// them back at its commit: no way of committing leaves the table without them.
  @Test func indexesSetAsideComeBackAtCommit() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let before = try Self.indexes(server, database)
    let answer = try server.psql(
      """
      BEGIN;
      SELECT smartconnect.set_device_indexes_aside(9999);
      SELECT smartconnect.set_device_indexes_aside(10000);
      SELECT count(*) FROM pg_index WHERE indrelid = 'smartconnect.device'::regclass;
      COMMIT;
      """, database: database)
    // Fewer than 10 000 rows keep them; an empty table's are set aside for 10 000.
    #expect(answer.split(separator: "\n") == ["f", "t", "1"])
    let after = try Self.indexes(server, database)
    #expect(after.definitions == before.definitions)
    #expect(after.oids["device_search_trigrams"] != before.oids["device_search_trigrams"])
    // Loads into a table more than half as large, and loads that would leave more than
    // 1 500 000 rows to index at once, keep them.
    try server.psql(
      """
      INSERT INTO smartconnect.device
      SELECT 'S' || n, 'n', 'm', 's', 's', 0 FROM generate_series(1, 10000) AS n
      """,
      database: database)
    let kept = try server.psql(
      """
      BEGIN;
      SELECT smartconnect.set_device_indexes_aside(9999);
      SELECT smartconnect.set_device_indexes_aside(19999);
      SELECT smartconnect.set_device_indexes_aside(1490001);
      SELECT smartconnect.set_device_indexes_aside(20000);
      ROLLBACK;
      """, database: database)
    #expect(kept.split(separator: "\n") == ["f", "f", "f", "t"])
  }

  /// The technicians' role may not drop an index itself, but its large import sets them
  /// aside all the same (v6's functions run as the schema's owner).
  @Test func aTechniciansLargeImportSetsTheIndexesAside() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let owner = try await TestStores.open(server.url(database: database), statementTimeout: 30)
    let role = "tech_" + database.suffix(8)
    var random = SystemRandomNumberGenerator()
    try await owner.setUpTechnicianRole(
      name: role, password: "aside-pw", context: TestStores.context(), random: &random)
    #expect(throws: (any Error).self) {
      try server.psql(
        "DROP INDEX smartconnect.device_search_trigrams", database: database, user: role)
    }
    let technician = try await TestStores.open(
      server.url(database: database, user: role, password: "aside-pw"), statementTimeout: 30)
    let before = try Self.indexes(server, database)
    try await technician.addDevices(
      Self.batch(Self.large, prefix: "T"), context: TestStores.context())
    let after = try Self.indexes(server, database)
    #expect(after.definitions == before.definitions)
    #expect(after.oids["device_search_trigrams"] != before.oids["device_search_trigrams"])
    #expect(try await technician.deviceCount(filter: "t00012") == 10)
  }
}
