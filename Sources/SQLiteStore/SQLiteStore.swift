import Foundation
import GRDB
import SubscriptionStore
import Subscriptions

/// The embedded store: one SQLite file (GRDB), WAL, schema by migrations.
///
/// Every public write is one IMMEDIATE transaction, so two processes that write at once
/// queue on the file's write lock (up to `busyTimeout`) instead of one of them reading stale
/// data; the invariants (seats, start dates) are checked inside that transaction.
public struct SQLiteStore: SubscriptionStoring {
  /// How long a write waits for another process's write before giving up with
  /// `StoreError.busy`.
  public static let busyTimeout: TimeInterval = 10

  /// The file the store lives in.
  public let path: String
  public var displayName: String { path }
  let pool: DatabasePool
  /// The file opened, so a write can tell that the store was deleted or replaced meanwhile.
  let identity: StoreLocation.FileIdentity?
  /// The wait for another writer's lock, which a cancelled write leaves at once.
  let busyWait: BusyWait

  /// Opens the store at `path`, creating it (0600 file, 0700 folder) and migrating its
  /// schema as needed.
  ///
  /// Refuses a file that is not an SQLite database, an SQLite database of another program,
  /// a store written by a newer build, and a folder that cannot be written.
  public init(path: String) throws(StoreError) {
    try self.init(path: path, busyWait: BusyWait(limit: .seconds(Self.busyTimeout)))
  }

  /// The same, for a caller that can be stopped (a command's Ctrl-C): opening may wait for
  /// another writer's lock too (GRDB writes to a new store's WAL file to make sure it is
  /// not empty), and a cancelled task leaves that wait at once, with `.cancelled`.
  public static func open(path: String) async throws(StoreError) -> SQLiteStore {
    let busyWait = BusyWait(limit: .seconds(Self.busyTimeout))
    let error: StoreError
    do {
      return try await withTaskCancellationHandler {
        try SQLiteStore(path: path, busyWait: busyWait)
      } onCancel: {
        busyWait.stop()
      }
    } catch let stored as StoreError {
      error = stored
    } catch {
      throw Self.mapped(error, path: path)
    }
    if Task.isCancelled, case .busy = error { throw .cancelled }
    throw error
  }

  init(path: String, busyWait: BusyWait) throws(StoreError) {
    self.path = path
    try StoreLocation.prepare(path: path)
    var config = Configuration()
    self.busyWait = busyWait
    config.busyMode = .callback { tries in busyWait.shouldRetry(tries) }
    config.label = "smartconnect"
    pool = try StoreLocation.whileSettingUp(path: path) { () throws(StoreError) -> DatabasePool in
      let pool: DatabasePool
      do {
        pool = try DatabasePool(path: path, configuration: config)
      } catch {
        throw Self.mapped(error, path: path)
      }
      try Self.migrate(pool, path: path)
      return pool
    }
    identity = StoreLocation.identity(of: path)
  }

  private static func migrate(_ pool: DatabasePool, path: String) throws(StoreError) {
    let migrator = migrator
    do {
      let (superseded, foreign) = try pool.read { db in
        let superseded = try migrator.hasBeenSuperseded(db)
        let hasTables =
          try Int.fetchOne(
            db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0 > 0
        let foreign = try hasTables && !db.tableExists("grdb_migrations")
        return (superseded, foreign)
      }
      if superseded { throw StoreError.newerSchema(path: path) }
      if foreign {
        throw StoreError.cannotOpen(
          path: path, reason: .otherProgramsDatabase)
      }
      try migrator.migrate(pool)
    } catch {
      throw Self.mapped(error, path: path)
    }
  }

  // MARK: - Transactions

  /// Runs `body` in one IMMEDIATE write transaction on GRDB's writer queue (the caller
  /// awaits); commits unless `rollback` is set (a dry run takes the same path as the real
  /// write and then discards it). A cancelled task interrupts the transaction, which rolls
  /// back, and stops a wait for another writer's lock (`BusyWait`).
  func write<T: Sendable>(
    rollback: Bool = false, _ body: @escaping @Sendable (Database) throws -> T
  ) async throws(StoreError) -> T {
    let path = path
    let identity = identity
    let busyWait = busyWait
    do {
      busyWait.begin()
      return try await withTaskCancellationHandler {
        try await write(path: path, identity: identity, rollback: rollback, body)
      } onCancel: {
        busyWait.stop()
      }
    } catch {
      // Stopped while waiting for the lock, SQLite says "busy": nothing was written.
      if Task.isCancelled, case .busy = Self.mapped(error, path: path) { throw .cancelled }
      throw Self.mapped(error, path: path)
    }
  }

  private func write<T: Sendable>(
    path: String, identity: StoreLocation.FileIdentity?, rollback: Bool,
    _ body: @escaping @Sendable (Database) throws -> T
  ) async throws -> T {
    try await pool.writeWithoutTransaction { db throws -> T in
      var result: T?
      try db.inTransaction(.immediate) {
        result = try body(db)
        if rollback { return .rollback }
        // Deleted (or replaced) while the wizard ran, the file would take this commit
        // into an unlinked inode: "Success" on screen, nothing left once the process ends.
        guard StoreLocation.identity(of: path) == identity else {
          throw StoreError.failed(reason: .storeFileReplaced(path: path))
        }
        return .commit
      }
      guard let result else { throw StoreError.failed(reason: .writeReturnedNothing) }
      return result
    }
  }

  /// Runs `body` on a consistent snapshot (WAL readers never wait for writers).
  func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T)
    async throws(StoreError) -> T
  {
    do {
      return try await pool.read { db in try body(db) }
    } catch {
      throw Self.mapped(error, path: path)
    }
  }

  /// The same, blocking the calling thread: for a read that hands rows to a caller's
  /// closure as it goes (`readOverview`), which cannot cross to GRDB's queue.
  func readBlocking<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try pool.read { db in try body(db) }
    } catch {
      throw Self.mapped(error, path: path)
    }
  }

  /// Translates SQLite's errors into ones a technician can act on.
  static func mapped(_ error: any Error, path: String) -> StoreError {
    if let error = error as? StoreError { return error }
    if error is CancellationError { return .cancelled }
    guard let error = error as? DatabaseError else {
      return .failed(reason: .unexpected(detail: String(describing: error)))
    }
    switch error.resultCode {
    case .SQLITE_NOTADB:
      return .notADatabase(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return .busy
    case .SQLITE_INTERRUPT:
      return .cancelled
    case .SQLITE_CANTOPEN:
      return .cannotOpen(path: path, reason: .sqliteCannotOpen)
    case .SQLITE_READONLY, .SQLITE_PERM:
      return .cannotOpen(path: path, reason: .readOnly)
    case .SQLITE_FULL:
      return .failed(reason: .diskFull(path: path))
    case .SQLITE_IOERR:
      return .failed(reason: .writeFailed(path: path, detail: error.message))
    case .SQLITE_CORRUPT:
      return .failed(reason: .damaged(path: path))
    default:
      return .failed(reason: .unexpected(detail: error.message ?? error.description))
    }
  }
}

// MARK: - Whole seconds

extension Date {
  /// The instant as stored: whole seconds since 1970, rounded down.
  var storeSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

  init(storeSeconds: Int64) {
    self.init(timeIntervalSince1970: TimeInterval(storeSeconds))
  }
}
