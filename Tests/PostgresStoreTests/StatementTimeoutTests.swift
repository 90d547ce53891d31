import Foundation
import PostgresTestServer
import SubscriptionStore
import Subscriptions
import Testing

@testable import PostgresStore

/// A write held up past the statement timeout (another session holds its device's row) is
/// stopped by the server and reported as exactly that: not as a dropped connection, nothing
/// written, and the store usable for the next write.
@Suite struct StatementTimeoutTests {
  @Test func aWriteHeldUpPastTheTimeoutSaysSoAndWritesNothing() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let store = try await TestStores.open(server.url(database: database), statementTimeout: 1)
    try await store.addDevices(
      [Device(serial: "SN1", name: "UPS 1"), Device(serial: "SN2", name: "UPS 2")],
      context: TestStores.context())
    var random = SystemRandomNumberGenerator()
    let code = ActivationCode.generate(using: &random)
    try await store.issue(
      Plan(tier: .standard, termMonths: 12, seats: 2), codes: [code], context: TestStores.context())
    let plan = try await store.activate(code, context: TestStores.context())

    // Another session locks SN1's row and keeps it until it is ended below (at most 60 s:
    // a loaded machine must not let the lock go before the write has waited its second).
    let holder = Task.detached {
      try? server.psql(
        """
        BEGIN;
        SELECT serial FROM smartconnect.device WHERE serial = 'SN1' FOR UPDATE;
        SELECT pg_sleep(60);
        COMMIT;
        """, database: database)
    }
    let sleeping = """
      FROM pg_stat_activity WHERE datname = '\(database)' AND wait_event = 'PgSleep'
      """
    var holding = false
    for _ in 0..<400 where !holding {
      holding =
        try server.psql("SELECT count(*) \(sleeping)")
        .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
      if !holding { try await Task.sleep(nanoseconds: 25_000_000) }
    }
    #expect(holding)

    await #expect(
      throws: StoreError.unreachable(
        store: store.displayName, reason: .statementTimedOut(seconds: 1))
    ) {
      try await store.assign(
        planID: plan.id, to: ["SN1", "SN2"], expected: nil, context: TestStores.context())
    }
    try server.psql("SELECT pg_terminate_backend(pid) \(sleeping)")
    await holder.value
    let written = try server.psql(
      "SELECT seats_used, (SELECT count(*) FROM smartconnect.license) FROM smartconnect.code",
      database: database)
    #expect(written.trimmingCharacters(in: .whitespacesAndNewlines) == "0|0")
    // The session lived on: the next write goes through on it.
    let licenses = try await store.assign(
      planID: plan.id, to: ["SN1", "SN2"], expected: nil, context: TestStores.context())
    #expect(licenses.map(\.device) == ["SN1", "SN2"])
    await store.close()
  }
}

/// A statement given a time limit of its own (an import's rebuild of the indexes it set
/// aside) runs past the session's statement timeout, on the server and for the client's
/// deadline, and the statements after it are held to the session's timeout again.
@Suite struct StatementTimeLimitTests {
  @Test func aStatementGivenItsOwnLimitRunsPastTheTimeout() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let store = try await TestStores.open(server.url(database: database), statementTimeout: 1)
    let after = try await store.write(TestStores.context()) { transaction in
      try await transaction.execute("SELECT pg_sleep(1.5)", timeLimit: 5)
      return try await transaction.rows("SHOW statement_timeout").first?.decode(String.self)
    }
    #expect(after == "1s")
    await #expect(
      throws: StoreError.unreachable(
        store: store.displayName, reason: .statementTimedOut(seconds: 1))
    ) {
      try await store.write(TestStores.context()) { transaction in
        try await transaction.execute("SELECT pg_sleep(1.5)")
      }
    }
    await store.close()
  }
}
