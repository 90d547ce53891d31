import Foundation
import PostgresNIO
import PostgresTestServer
import SubscriptionStore
import Subscriptions
import Testing

@testable import PostgresStore

/// A window's licenses are looked up device by device through the license index, also
/// before the tables were ever analyzed (just after an import, before autovacuum came by),
/// when the planner can only guess: the whole license table is never read for a window.
@Suite struct DeviceRowsPlanTests {
  @Test func licensesAreLookedUpDeviceByDeviceBeforeAnyAnalyze() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    _ = try server.psql(
      ["device", "code", "license"].map {
        "ALTER TABLE smartconnect.\($0) SET (autovacuum_enabled = false)"
      }.joined(separator: "; "), database: database)
    let store = try await TestStores.open(server.url(database: database), statementTimeout: 30)
    let devices = (0..<3_000).map {
      Device(serial: "SN\(10_000 + $0)", name: "UPS \($0 % 50)", site: "Site \($0 % 7)")
    }
    try await store.addDevices(devices, context: TestStores.context())
    var random = SystemRandomNumberGenerator()
    let code = ActivationCode.generate(using: &random)
    try await store.issue(
      Plan(tier: .standard, termMonths: 12, seats: devices.count), codes: [code],
      context: TestStores.context())
    let plan = try await store.activate(code, context: TestStores.context())
    _ = try await store.assign(
      planID: plan.id, to: devices.map(\.serial), expected: nil, context: TestStores.context())
    let unanalyzed = try server.psql(
      """
      SELECT count(*) FROM pg_stat_user_tables
      WHERE schemaname = 'smartconnect' AND relname IN ('device', 'license')
        AND last_analyze IS NULL AND last_autoanalyze IS NULL
      """, database: database)
    #expect(unanalyzed.trimmingCharacters(in: .whitespacesAndNewlines) == "2")

    let key = DeviceKey(devices[1_500])
    let windows: [DeviceWindow] = [
      .first(limit: 14), .last(limit: 14), .after(key, limit: 14), .from(key, limit: 14),
      .before(key, limit: 14),
    ]
    for window in windows {
      let query = PostgresStore.rowsQuery(window, needle: "", way: .all)
      let plan = try await store.read(
        PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)
      ) { rows in try rows.map { try $0.decode(String.self) } }
      #expect(plan.contains { $0.contains("license_by_device") }, "\(window): \(plan)")
      #expect(!plan.contains { $0.contains("Seq Scan on license") }, "\(window): \(plan)")
    }
  }
}
