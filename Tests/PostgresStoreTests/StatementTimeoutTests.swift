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
      holding lock: String = "SELECT serial FROM smartconnect.device WHERE serial = 'SN1' FOR UPDATE"
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
      // psql blocks for the whole minute: on a thread of its own, not one of the test pool's
      // (one per core), which two such tests at once would leave to nothing else.
      holder = Task {
        await withCheckedContinuation { continuation in
          Thread {
            _ = try? server.psql(
              """
              BEGIN;
              \(lock);
              SELECT pg_sleep(60);
              COMMIT;
              """, database: database)
            continuation.resume()
          }.start()
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

  /// A count cancelled while it reads (the wizard's filter typed over) answers at once, and
  /// the statement finishes on its connection, which the next reads queue on: no new
  /// connection (a slow link's login would cost more than the count). Held up here by
  /// another session's lock on the table; at a million devices it is the count of a common
  /// needle that reads for a third of a second.
  @Test func aCancelledCountAnswersAtOnceAndKeepsItsConnection() async throws {
    let held = try await HeldRow(
      statementTimeout: 30, holding: "LOCK TABLE smartconnect.device IN ACCESS EXCLUSIVE MODE")
    #expect(try await held.isHolding())
    let store = held.store
    let sessions = """
      SELECT string_agg(pid::text, ',') FROM pg_stat_activity
      WHERE datname = '\(held.database)' AND pid <> pg_backend_pid()
        AND wait_event IS DISTINCT FROM 'PgSleep'
      """
    let before = try held.server.psql(sessions).trimmingCharacters(in: .whitespacesAndNewlines)
    let count = Task { try await store.deviceCount(filter: "ups") }
    try await Task.sleep(nanoseconds: 300_000_000)
    count.cancel()
    let result = await count.result
    #expect(try await held.isHolding(waiting: false))
    #expect(throws: StoreError.cancelled) { try result.get() }
    try await held.release()
    #expect(try await store.deviceCount(filter: "ups") == 2)
    #expect(try await store.deviceRows(filter: "ups", window: .first(limit: 5)).count == 2)
    let after = try held.server.psql(sessions).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(!before.isEmpty && after == before, "the store's sessions: \(before), then \(after)")
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
