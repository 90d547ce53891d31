import Foundation
import PostgresNIO

extension PostgresSchema {
  /// Brings the database's schema up to this build's, under an advisory lock so that two
  /// technicians starting at once do not both migrate; refuses a schema newer than this
  /// build. A schema that is current costs one query and takes no lock (a technician's role,
  /// which may not create anything, opens a store set up by `store init`).
  static func migrate(_ session: PostgresLink.Session, logger: Logger) async throws {
    if try await isCurrent(session, logger: logger) { return }
    try await takeMigrationLock(session, logger: logger)
    do {
      try await applyMissing(session, logger: logger)
    } catch {
      if !PostgresFailure.isLinkFailure(error) {
        try? await session.execute("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
      }
      throw error
    }
    try await session.execute("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
  }

  /// Waits for the migration lock by trying it every 100 ms, for up to `lockWait`: a plain
  /// `pg_advisory_lock` waits inside one statement, under the 30 s statement deadline, and
  /// six technicians starting at once on a loaded server ran past it (seen in CI).
  private static func takeMigrationLock(_ session: PostgresLink.Session, logger: Logger)
    async throws
  {
    let giveUp = ContinuousClock.now + lockWait
    while true {
      let rows = try await session.rows(
        "SELECT pg_try_advisory_lock(\(migrationLock))", logger: logger)
      if try rows.first?.decode(Bool.self) == true { return }
      guard ContinuousClock.now < giveUp else {
        throw DeadlineExceeded(seconds: Double(lockWait.components.seconds))
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  /// How long a migration waits for another one to finish.
  static let lockWait: Duration = .seconds(300)

  /// The ids of the migrations applied, or `nil` where there is no schema yet.
  static func applied(_ session: PostgresLink.Session, logger: Logger) async throws -> [String]? {
    do {
      let rows = try await session.rows(
        "SELECT id FROM smartconnect.schema_migrations", logger: logger)
      return try rows.map { try $0.decode(String.self) }
    } catch where PostgresFailure.sqlState(error) == "42P01" || PostgresFailure.sqlState(error) == "3F000" {
      return nil
    }
  }

  private static func isCurrent(_ session: PostgresLink.Session, logger: Logger) async throws
    -> Bool
  {
    guard let applied = try await applied(session, logger: logger) else { return false }
    try refuseNewer(applied)
    return Set(migrations.map(\.id)).isSubset(of: Set(applied))
  }

  private static func refuseNewer(_ applied: [String]) throws {
    let known = Set(migrations.map(\.id))
    if applied.contains(where: { !known.contains($0) }) { throw PostgresFailure.newerSchema }
  }

  private static func applyMissing(_ session: PostgresLink.Session, logger: Logger) async throws {
    for statement in bookkeeping {
      try await session.execute(PostgresQuery(unsafeSQL: statement), logger: logger)
    }
    let applied = Set(try await applied(session, logger: logger) ?? [])
    try refuseNewer(Array(applied))
    for migration in migrations where !applied.contains(migration.id) {
      try await session.execute("BEGIN", logger: logger)
      do {
        try await session.execute("SET LOCAL search_path = smartconnect, pg_temp", logger: logger)
        for statement in migration.statements {
          try await session.execute(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await session.execute(
          """
          INSERT INTO smartconnect.schema_migrations (id, checksum)
          VALUES (\(migration.id), \(migration.checksum))
          """, logger: logger)
        try await session.execute("COMMIT", logger: logger)
      } catch {
        if !PostgresFailure.isLinkFailure(error) {
          try? await session.execute("ROLLBACK", logger: logger)
        }
        throw error
      }
    }
  }
}

extension PostgresSchema {
  /// Connects to `location` and brings its schema up to this build's (as every open does).
  public static func migrate(
    _ location: PostgresLocation, home: String?,
    statementTimeout: Double = PostgresLocation.defaultStatementTimeout
  ) async throws {
    let link = PostgresLink(
      configuration: try location.connectionConfiguration(
        home: home, statementTimeout: statementTimeout),
      connectTimeout: Double(location.connectTimeout), statementTimeout: statementTimeout)
    do {
      try await link.withSession { session in
        try await migrate(session, logger: link.logger)
      }
    } catch {
      await link.close()
      throw error
    }
    await link.close()
  }
}
