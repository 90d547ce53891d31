import Foundation
import PostgresNIO
import SubscriptionStore
import Subscriptions
import Synchronization

/// The shared store: one PostgreSQL database that every technician of a team works in.
///
/// Every public write is one transaction that locks what it reads before deciding (the
/// plan's row, then the devices' rows in serial order), records the write's own id, and is
/// run again when PostgreSQL ends it for a deadlock or a serialization failure. A write
/// whose COMMIT got no answer is looked up by that id on a new connection once the old
/// session is gone, so the technician is told exactly whether it was written.
public struct PostgresStore: SubscriptionStoring {
  /// The URL without its password: what every message names.
  public let displayName: String
  let location: PostgresLocation
  let link: PostgresLink
  /// A second connection, opened on the first count that reads matches (a filter of three
  /// or more characters): the wizard shows a new filter's rows before its count, and a
  /// count typed over finishes here instead of holding up the next filter's rows on `link`.
  let countLink: PostgresLink

  /// How often a transaction that PostgreSQL ended for a deadlock or a serialization
  /// failure runs in all before the technician is told the store is busy.
  static let attempts = 6
  /// How long a write whose COMMIT got no answer keeps trying to reach the server to find
  /// out whether it was written.
  static let resolveWindow: Double = 60

  /// Connects to `location` (within its connect timeout) and brings the schema up to this
  /// build's. A server that is down, refuses the login or has no such database is one
  /// `StoreError.unreachable` naming host and database.
  public static func open(
    _ location: PostgresLocation, home: String?,
    statementTimeout: Double = PostgresLocation.defaultStatementTimeout
  ) async throws(StoreError) -> PostgresStore {
    let configuration: PostgresConnection.Configuration
    do {
      configuration = try location.connectionConfiguration(
        home: home, statementTimeout: statementTimeout)
    } catch {
      throw .unreachable(store: location.displayName, reason: error.reason)
    }
    let link = {
      PostgresLink(
        configuration: configuration, connectTimeout: Double(location.connectTimeout),
        statementTimeout: statementTimeout)
    }
    let store = PostgresStore(
      displayName: location.displayName, location: location, link: link(), countLink: link())
    try await store.run { session in
      try await PostgresSchema.migrate(session, logger: store.link.logger)
    }
    return store
  }

  /// Closes the connections (a later call opens a new one).
  public func close() async {
    await link.close()
    await countLink.close()
  }

  // MARK: - Transactions

  /// Runs `body` in one write transaction and commits it with `context.writeID` recorded
  /// (or rolls it back when `rollback`).
  ///
  /// A cancelled write (Ctrl-C during a command, Esc or Ctrl-C in the wizard) closes its
  /// connection: the statement stops there, the server rolls the transaction back, and the
  /// caller gets `.cancelled`. postgres-nio cannot stop a statement otherwise, so a write
  /// waiting for another technician's lock, or a million-row import, used to run on to its
  /// end. A COMMIT already sent is looked up like any unanswered one.
  func write<T>(
    _ context: WriteContext, rollback: Bool = false,
    _ body: (PostgresTransaction) async throws -> T
  ) async throws(StoreError) -> T {
    var attempt = 1
    while true {
      if Task.isCancelled { throw .cancelled }
      // What `body` decided inside the transaction whose COMMIT may go unanswered.
      var decided: T?
      let inUse = ConnectionInUse()
      do {
        return try await withTaskCancellationHandler {
          try await link.withSession { session in
            inUse.begin(session.connection)
            defer { inUse.end() }
            return try await PostgresTransaction.write(
              session, logger: link.logger, writeID: context.writeID,
              at: context.now.wholeSeconds, rollback: rollback
            ) { transaction in
              let result = try await body(transaction)
              decided = result
              return result
            }
          }
        } onCancel: {
          inUse.cancel()
        }
      } catch let lost as CommitUnanswered {
        // Looked up outside this task: a cancelled task's sleeps between tries would not wait.
        let outcome = await Task { await resolve(lost, context.writeID) }.value
        // The server has the write: what the transaction decided is exactly what was
        // written, so the caller gets it as if the answer had come.
        if case .connectionLost(_, written: true) = outcome, let decided { return decided }
        if Task.isCancelled, case .connectionLost(_, written: false) = outcome {
          throw .cancelled
        }
        throw outcome
      } catch {
        // Whatever failed, no COMMIT was sent (or the server refused it): nothing was written.
        if Task.isCancelled { throw .cancelled }
        let again =
          PostgresFailure.isRetryable(error) || (attempt == 1 && error is SessionWentStale)
        if again && attempt < Self.attempts {
          attempt += 1
          await Self.backOff(attempt)
          continue
        }
        // A server that said nothing past the statement timeout had its connection closed
        // by us: say so, not that the link dropped (it rolls the transaction back).
        if let lost = error as? LostBeforeCommit, lost.underlying is DeadlineExceeded {
          throw mapped(lost.underlying)
        }
        if error is SessionWentStale || error is LostBeforeCommit {
          throw .connectionLost(store: displayName, written: false)
        }
        throw mapped(error)
      }
    }
  }

  /// Runs `body` on one snapshot of the database, once more on a new connection when the
  /// link turned out dead.
  func read<T>(_ body: (PostgresTransaction) async throws -> T) async throws(StoreError) -> T {
    try await reading { session in
      try await PostgresTransaction.read(session, logger: link.logger, body)
    }
  }

  /// Runs one statement outside any transaction and reads its rows with `decode`: one
  /// statement sees one snapshot, so a read that fits in one statement needs no BEGIN and
  /// COMMIT, one round trip to the server where a transaction takes three. Once more on a
  /// new connection when the link turned out dead, as `read`.
  func read<T>(_ query: PostgresQuery, _ decode: ([PostgresRow]) throws -> T)
    async throws(StoreError) -> T
  {
    try await reading { session in try decode(try await session.rows(query, logger: link.logger)) }
  }

  /// A count (its first column, a bigint) read like `read(_:_:)`, but on `countLink`, and
  /// left at once when the task is cancelled (the statement finishes on its connection,
  /// ahead of the next); on `link` once a second connection could not be had (a server at
  /// its connection limit still answers the first).
  func count(_ query: PostgresQuery) async throws(StoreError) -> Int {
    let body = { (session: PostgresLink.Session) in
      Int(
        try await session.rows(query, logger: link.logger, leavingWhenCancelled: true)
          .first?.decode(Int64.self) ?? 0)
    }
    if !countLink.refused {
      do {
        return try await reading(on: countLink, body)
      } catch let failure as ConnectFailed where !(failure.underlying is CancellationError) {
        countLink.refused = true
      } catch {
        throw mapped(error)
      }
    }
    return try await reading(body)
  }

  /// Runs a read on the session, once more on a new connection when the link turned out
  /// dead (a read writes nothing, so running it again is always safe).
  private func reading<T>(_ body: (PostgresLink.Session) async throws -> T)
    async throws(StoreError) -> T
  {
    do {
      return try await reading(on: link, body)
    } catch {
      throw mapped(error)
    }
  }

  /// `reading(_:)` on the given link (`link` or `countLink`), its errors as they came.
  private func reading<T>(on link: PostgresLink, _ body: (PostgresLink.Session) async throws -> T)
    async throws -> T
  {
    var attempt = 1
    while true {
      do {
        return try await link.withSession(body)
      } catch {
        // Once more for a link found dead, not for a read that ran out of time.
        if attempt == 1, PostgresFailure.isLinkFailure(error), !(error is ConnectFailed),
          !(error is DeadlineExceeded)
        {
          attempt += 1
          continue
        }
        throw error
      }
    }
  }

  /// Runs `body` on the session outside any transaction (opening: the schema check).
  func run(_ body: (PostgresLink.Session) async throws -> Void) async throws(StoreError) {
    do {
      try await link.withSession(body)
    } catch {
      throw mapped(error)
    }
  }

  /// Finds out whether the write whose COMMIT got no answer happened, trying to reach the
  /// server for up to `resolveWindow`; says exactly which, or that it could not find out.
  private func resolve(_ lost: CommitUnanswered, _ writeID: UUID) async -> StoreError {
    let giveUp = Date().addingTimeInterval(Self.resolveWindow)
    repeat {
      if let written = try? await link.wasWritten(writeID, lost: lost.session) {
        return .connectionLost(store: displayName, written: written)
      }
      try? await Task.sleep(nanoseconds: 250_000_000)
    } while Date() < giveUp
    return .commitUnknown(store: displayName, waited: Int(Self.resolveWindow))
  }

  /// The connection a write runs on, closed when the write is cancelled (at once if the
  /// write had not started yet).
  private final class ConnectionInUse: Sendable {
    private let state = Mutex<(connection: PostgresConnection?, cancelled: Bool)>((nil, false))

    func begin(_ connection: PostgresConnection) {
      let cancelled = state.withLock { state in
        state.connection = connection
        return state.cancelled
      }
      if cancelled { connection.closeSoon() }
    }

    func end() { state.withLock { $0.connection = nil } }

    func cancel() {
      state.withLock { state in
        state.cancelled = true
        return state.connection
      }?.closeSoon()
    }
  }

  private static func backOff(_ attempt: Int) async {
    let base = 5.0 * Double(1 << min(attempt, 6))
    let milliseconds = base + Double.random(in: 0...base)
    try? await Task.sleep(nanoseconds: UInt64(milliseconds * 1_000_000))
  }

  /// The technician's words for what went wrong.
  func mapped(_ error: any Error) -> StoreError {
    switch error {
    case let error as StoreError:
      return error
    case is CancellationError:
      return .cancelled
    case let error as ConnectFailed where error.underlying is CancellationError:
      return .cancelled
    case let error as ConnectFailed:
      return .unreachable(
        store: displayName,
        reason: error.reason(location, passwordSource: location.passwordSource))
    case let failure as PostgresFailure:
      switch failure {
      case .unreachable(let reason), .lostReading(let reason):
        return .unreachable(store: displayName, reason: reason)
      case .lost(let written):
        return .connectionLost(store: displayName, written: written)
      case .privilege(let reason):
        return .insufficientPrivilege(store: displayName, reason: reason)
      case .newerSchema:
        return .newerSchema(path: displayName)
      case .server(let reason):
        return .failed(reason: reason)
      }
    case let error as DeadlineExceeded:
      return .unreachable(store: displayName, reason: .serverSilent(seconds: Int(error.seconds)))
    default:
      break
    }
    let message = PostgresFailure.serverMessage(error) ?? String(describing: error)
    switch PostgresFailure.sqlState(error) {
    case PostgresFailure.State.insufficientPrivilege?:
      return .insufficientPrivilege(
        store: displayName, reason: .notPermitted(user: location.user, serverMessage: message))
    case PostgresFailure.State.serializationFailure?, PostgresFailure.State.deadlockDetected?:
      return .busy
    case PostgresFailure.State.queryCanceled?:
      return .unreachable(
        store: displayName,
        reason: .statementTimedOut(seconds: Int(link.statementTimeout)))
    case let state?:
      return .failed(reason: .server(message: message, sqlState: state))
    case nil:
      if PostgresFailure.isLinkFailure(error) {
        return .unreachable(store: displayName, reason: .connectionDropped(detail: message))
      }
      return .failed(reason: .server(message: message, sqlState: nil))
    }
  }
}

extension Date {
  /// The instant as stored: whole seconds since 1970, rounded down.
  var wholeSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

  init(wholeSeconds: Int64) {
    self.init(timeIntervalSince1970: TimeInterval(wholeSeconds))
  }
}
