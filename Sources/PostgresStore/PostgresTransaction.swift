import Foundation
import PostgresNIO

/// One transaction on a session: what the store's operations run their statements through.
struct PostgresTransaction: Sendable {
  let session: PostgresLink.Session
  let logger: Logger

  func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
    try await session.rows(query, logger: logger)
  }

  func execute(_ query: PostgresQuery) async throws {
    try await session.execute(query, logger: logger)
  }

  /// Runs `query` with `seconds` as its statement timeout, on the server (for this
  /// statement only) and for the client's deadline alike.
  func execute(_ query: PostgresQuery, timeLimit seconds: Double) async throws {
    try await execute("SELECT set_config('statement_timeout', \(Self.milliseconds(seconds)), true)")
    _ = try await session.rows(query, logger: logger, timeLimit: seconds)
    try await execute(
      "SELECT set_config('statement_timeout', \(Self.milliseconds(session.statementTimeout)), true)"
    )
  }

  private static func milliseconds(_ seconds: Double) -> String {
    String(Int((seconds * 1000).rounded()))
  }

  /// Runs `body` in a write transaction and commits it with `writeID` recorded in the same
  /// transaction (or rolls it back when `rollback`). A link failure is reported by when it
  /// happened: before BEGIN (`SessionWentStale`: safe to run again), before COMMIT was sent
  /// (`LostBeforeCommit`: nothing written), or after (`CommitUnanswered`: to be looked up).
  static func write<T>(
    _ session: PostgresLink.Session, logger: Logger, writeID: UUID, at seconds: Int64,
    rollback: Bool, _ body: (PostgresTransaction) async throws -> T
  ) async throws -> T {
    let transaction = PostgresTransaction(session: session, logger: logger)
    do {
      try await transaction.execute("BEGIN")
    } catch where PostgresFailure.isLinkFailure(error) {
      throw SessionWentStale(underlying: error)
    }
    let result: T
    do {
      result = try await body(transaction)
      if rollback {
        try await transaction.execute("ROLLBACK")
        return result
      }
      try await transaction.execute(
        "INSERT INTO write_id (id, at) VALUES (\(writeID), \(seconds))")
    } catch {
      if PostgresFailure.isLinkFailure(error) { throw LostBeforeCommit(underlying: error) }
      try? await transaction.execute("ROLLBACK")
      throw error
    }
    do {
      try await transaction.execute("COMMIT")
    } catch where PostgresFailure.isLinkFailure(error) {
      throw CommitUnanswered(session: session, underlying: error)
    }
    return result
  }

  /// Runs `body` on one snapshot: a read-only, repeatable-read transaction.
  static func read<T>(
    _ session: PostgresLink.Session, logger: Logger,
    _ body: (PostgresTransaction) async throws -> T
  ) async throws -> T {
    let transaction = PostgresTransaction(session: session, logger: logger)
    try await transaction.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    do {
      let result = try await body(transaction)
      try await transaction.execute("COMMIT")
      return result
    } catch {
      if !PostgresFailure.isLinkFailure(error) { try? await transaction.execute("ROLLBACK") }
      throw error
    }
  }
}

extension PostgresLink {
  /// Whether the write `writeID`, whose COMMIT went to `lost` and got no answer, was
  /// written. First makes sure that session can no longer commit anything (ends it if the
  /// server still has it, and waits until it is gone), then looks for the write's id.
  /// Throws when the server cannot be reached or the old session does not go away.
  func wasWritten(_ writeID: UUID, lost: Session) async throws -> Bool {
    try await withSession { session in
      let pid = lost.backendPID
      let start = lost.backendStart
      let sameSession: PostgresQuery = """
        SELECT pid FROM pg_stat_activity
        WHERE pid = \(pid) AND (extract(epoch FROM backend_start) * 1000000)::bigint = \(start)
        """
      var polls = 0
      while try await !session.rows(sameSession, logger: logger).isEmpty {
        if polls == 0 {
          try await session.execute("SELECT pg_terminate_backend(\(pid))", logger: logger)
        }
        polls += 1
        if Double(polls) * 0.05 > statementTimeout {
          throw PostgresFailure.server(.lostSessionLingers(pid: Int(pid)))
        }
        try await Task.sleep(nanoseconds: 50_000_000)
      }
      let rows = try await session.rows(
        "SELECT EXISTS (SELECT 1 FROM write_id WHERE id = \(writeID))", logger: logger)
      guard let written = try rows.first?.decode(Bool.self) else {
        throw PostgresFailure.server(.writeNotLookedUp)
      }
      return written
    }
  }
}
