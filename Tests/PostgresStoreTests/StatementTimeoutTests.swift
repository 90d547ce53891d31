import ChildProcess
import Foundation
import PostgresTestServer
import SubscriptionStore
import Subscriptions
import Testing

@testable import PostgresStore

/// A write held up (another session holds its device's row) past the statement timeout is
/// stopped by the server and reported as exactly that: not as a dropped connection; and one
/// cancelled stops at once. Either way nothing is written, and the store takes the next write.
@Suite struct StatementTimeoutTests {
  /// A store with devices SN1 and SN2 and an activated 2-seat plan, and another session
  /// that locks SN1's row (or takes the lock `holding` takes) and keeps it until `release`
  /// (at most 60 s: a loaded machine must not let the lock go before the write has waited).
  struct HeldRow {
    let server: TestPostgres
    let database: String
    let store: PostgresStore
    let planID: Int64
    let holder: Task<Void, Never>
    let sleeping: String

    init(
      statementTimeout: Double,
      holding lock: String =
        "SELECT serial FROM smartconnect.device WHERE serial = 'SN1' FOR UPDATE"
    ) async throws {
      let server = try await TestPostgres.forThisTest()
      let database = try server.freshDatabase()
      let store = try await TestStores.open(
        server.url(database: database), statementTimeout: statementTimeout)
      try await store.addDevices(
        [Device(serial: "SN1", name: "UPS 1"), Device(serial: "SN2", name: "UPS 2")],
        context: TestStores.context())
      var random = SystemRandomNumberGenerator()
      let code = ActivationCode.generate(using: &random)
      try await store.issue(
        Plan(tier: .standard, termMonths: 12, seats: 2), codes: [code],
        context: TestStores.context())
      planID = try await store.activate(code, context: TestStores.context()).id
      // psql blocks for the whole minute: on a thread of its own.
      holder = Task {
        await ChildProcess.onOwnThread {
          _ = try? server.psql(
            """
            BEGIN;
            \(lock);
            SELECT pg_sleep(60);
            COMMIT;
            """, database: database)
        }
      }
      sleeping = """
        FROM pg_stat_activity WHERE datname = '\(database)' AND wait_event = 'PgSleep'
        """
      (self.server, self.database, self.store) = (server, database, store)
    }

    /// Whether the other session holds the row (waits up to 10 s for it to take it).
    func isHolding(waiting: Bool = true) async throws -> Bool {
      for _ in 0..<(waiting ? 400 : 1) {
        if try server.psql("SELECT count(*) \(sleeping)")
          .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        {
          return true
        }
        try await Task.sleep(nanoseconds: 25_000_000)
      }
      return false
    }

    func release() async throws {
      try server.psql("SELECT pg_terminate_backend(pid) \(sleeping)")
      await holder.value
    }

    /// Seats used and licenses written.
    func written() throws -> String {
      try server.psql(
        "SELECT seats_used, (SELECT count(*) FROM smartconnect.license) FROM smartconnect.code",
        database: database
      ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func assignBoth() async throws(StoreError) -> [License] {
      try await store.assign(
        planID: planID, to: ["SN1", "SN2"], expected: nil, context: TestStores.context())
    }
  }

  @Test func aWriteHeldUpPastTheTimeoutSaysSoAndWritesNothing() async throws {
    let held = try await HeldRow(statementTimeout: 1)
    #expect(try await held.isHolding())
    await #expect(
      throws: StoreError.unreachable(
        store: held.store.displayName, reason: .statementTimedOut(seconds: 1))
    ) {
      try await held.assignBoth()
    }
    try await held.release()
    #expect(try held.written() == "0|0")
    // The session lived on: the next write goes through on it.
    #expect(try await held.assignBoth().map(\.device) == ["SN1", "SN2"])
    await held.store.close()
  }

  /// A write cancelled while it waits (the wizard's Esc, a command's Ctrl-C) stops at once:
  /// postgres-nio cannot stop a statement, so the store closes the write's connection.
  /// Nothing is written, and the next write goes through on a new connection.
  @Test func aCancelledWriteStopsWhileHeldUpAndWritesNothing() async throws {
    let held = try await HeldRow(statementTimeout: 30)
    #expect(try await held.isHolding())
    let store = held.store
    let write = Task { try await held.assignBoth() }
    try await Task.sleep(nanoseconds: 300_000_000)
    write.cancel()
    let result = await write.result
    // Answered while the other session still holds the row: it did not wait for it.
    #expect(try await held.isHolding(waiting: false))
    #expect(throws: StoreError.cancelled) { try result.get() }
    try await held.release()
    #expect(try held.written() == "0|0")
    #expect(try await held.assignBoth().map(\.device) == ["SN1", "SN2"])
    await store.close()
  }

  /// A count that reads matches runs on a connection of its own. Cancelled (the wizard's
  /// filter typed over), it answers at once while its statement finishes there; meanwhile
  /// the store's first connection answers (the next filter's rows do not queue behind the
  /// count), and the next count runs on the same second connection, not a new login (which
  /// would cost more than the count on a slow link). Held up here by another session's
  /// lock on the table; at a million devices it is a common needle's count that reads for a
  /// third of a second.
  @Test func aCountTypedOverFinishesOnItsOwnConnection() async throws {
    let held = try await HeldRow(
      statementTimeout: 30, holding: "LOCK TABLE smartconnect.device IN ACCESS EXCLUSIVE MODE")
    #expect(try await held.isHolding())
    let store = held.store
    let backend = { () async throws -> Int32 in
      try await store.read("SELECT pg_backend_pid()") { try $0[0].decode(Int32.self) }
    }
    let first = try await backend()
    let count = Task { try await store.deviceCount(filter: "ups") }
    let waitingCount = """
      SELECT pid FROM pg_stat_activity WHERE datname = '\(held.database)'
        AND wait_event_type = 'Lock' AND query LIKE 'SELECT count(*)%'
      """
    var counting = ""
    for _ in 0..<400 where counting.isEmpty {
      counting = try held.server.psql(waitingCount).trimmingCharacters(in: .whitespacesAndNewlines)
      try await Task.sleep(nanoseconds: 25_000_000)
    }
    #expect(
      !counting.isEmpty && counting != String(first), "count on \(counting), reads on \(first)")
    count.cancel()
    let result = await count.result
    #expect(throws: StoreError.cancelled) { try result.get() }
    // Answered while the lock is held, and the first connection is free meanwhile.
    #expect(try await held.isHolding(waiting: false))
    #expect(try await backend() == first)
    #expect(
      try held.server.psql(waitingCount).trimmingCharacters(in: .whitespacesAndNewlines)
        == counting, "the left count still waits on its own connection")
    try await held.release()
    #expect(try await store.deviceCount(filter: "ups") == 2)
    #expect(try await store.deviceRows(filter: "ups", window: .first(limit: 5)).count == 2)
    let sessions = try held.server.psql(
      """
      SELECT string_agg(pid::text, ',' ORDER BY pid) FROM pg_stat_activity
      WHERE datname = '\(held.database)' AND pid <> pg_backend_pid()
      """
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let expected = [String(first), counting].sorted { Int($0)! < Int($1)! }.joined(separator: ",")
    #expect(sessions == expected, "no new login for the next count")
    await store.close()
  }

  /// A server that lets the technician's role have one connection only still counts: on the
  /// first, once the second was refused, and without asking for a second again.
  @Test func aServerThatRefusesASecondConnectionStillCounts() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let owner = try await TestStores.open(server.url(database: database), statementTimeout: 30)
    try await owner.addDevices(
      [Device(serial: "SN1", name: "UPS 1"), Device(serial: "SN2", name: "UPS 2")],
      context: TestStores.context())
    let role = "one_" + database.suffix(8)
    var random = SystemRandomNumberGenerator()
    try await owner.setUpTechnicianRole(
      name: role, password: "one-pw", context: TestStores.context(), random: &random)
    try server.psql("ALTER ROLE \(role) CONNECTION LIMIT 1", database: database)
    let technician = try await TestStores.open(
      server.url(database: database, user: role, password: "one-pw"), statementTimeout: 30)
    #expect(try await technician.deviceCount(filter: "ups") == 2)
    #expect(technician.countLink.refused)
    #expect(try await technician.deviceCount(filter: "ups 1") == 1)
    #expect(try await technician.deviceRows(filter: "ups", window: .first(limit: 5)).count == 2)
    await technician.close()
    await owner.close()
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
