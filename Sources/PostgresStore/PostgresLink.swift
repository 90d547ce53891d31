import Foundation
import PostgresNIO
import Synchronization

/// The store's one connection to the server, opened on first use and again after it failed,
/// lent to one transaction at a time (a connection carries one transaction; a technician's
/// commands and the wizard's effects never need two at once).
///
/// Hand-written rather than postgres-nio's `PostgresClient`: the pool retries a failed
/// connection in the background while a request waits, so a wrong password or a down server
/// would show up as a wait instead of one clear line; and resolving a lost commit needs to
/// know which server session the commit went to.
final class PostgresLink: Sendable {
  let configuration: PostgresConnection.Configuration
  let connectTimeout: Double
  let statementTimeout: Double
  let logger: Logger
  private let state = Mutex(State())

  /// A second connection to the server could not be had (`PostgresStore.countLink`): the
  /// store stops asking for it.
  var refused: Bool {
    get { state.withLock { $0.refused } }
    set { state.withLock { $0.refused = newValue } }
  }

  private struct State {
    var refused = false
    var session: Session?
    var busy = false
    var waiting: [CheckedContinuation<Void, Never>] = []
    var nextID = 1
  }

  /// One server session: its connection, and who it is on the server (to find out, after
  /// the link dropped, whether that session is gone and so whether its commit happened).
  struct Session: Sendable {
    let connection: PostgresConnection
    let backendPID: Int32
    /// When the server started this session (microseconds since 1970): with the pid, it
    /// names the session even after the pid is reused.
    let backendStart: Int64
    let statementTimeout: Double

    /// How much longer than the server's own `statement_timeout` the client waits: a slow
    /// statement is cancelled by the server (which says so, and the session lives on); only
    /// a server that says nothing at all runs into the client's deadline.
    static let silenceGrace = 2.0

    private static let nothing: @Sendable () -> Void = {}

    /// Runs `query` and reads all its rows, within the statement timeout; a server that
    /// does not answer in time gets its connection closed. With `leavingWhenCancelled`, a
    /// cancelled task throws `CancellationError` at once and leaves the statement to finish
    /// on the connection (the next statement queues behind it): for a long read that a later
    /// one made pointless.
    func rows(_ query: PostgresQuery, logger: Logger, leavingWhenCancelled: Bool = false)
      async throws -> [PostgresRow]
    {
      try await rows(
        query, logger: logger, timeLimit: statementTimeout,
        leavingWhenCancelled: leavingWhenCancelled)
    }

    /// `rows(_:logger:)` for a statement that the server lets run for `timeLimit` seconds
    /// (the transaction set its `statement_timeout` so).
    func rows(
      _ query: PostgresQuery, logger: Logger, timeLimit: Double,
      leavingWhenCancelled: Bool = false
    ) async throws -> [PostgresRow] {
      let connection = connection
      // Left, the statement finishes on the connection; nothing to close.
      let leave: (@Sendable () -> Void)? = leavingWhenCancelled ? Self.nothing : nil
      return try await withDeadline(
        seconds: timeLimit + Self.silenceGrace, onTimeout: { connection.closeSoon() },
        onCancel: leave
      ) {
        var rows: [PostgresRow] = []
        for try await row in try await connection.query(query, logger: logger) {
          rows.append(row)
        }
        return rows
      }
    }

    func execute(_ query: PostgresQuery, logger: Logger) async throws {
      _ = try await rows(query, logger: logger)
    }
  }

  init(
    configuration: PostgresConnection.Configuration, connectTimeout: Double,
    statementTimeout: Double
  ) {
    self.configuration = configuration
    self.connectTimeout = connectTimeout
    self.statementTimeout = statementTimeout
    var logger = Logger(label: "smartconnect.postgres")
    logger.logLevel = .critical
    self.logger = logger
  }

  deinit {
    state.withLock { $0.session }?.connection.closeSoon()
  }

  /// Runs `body` on a live session, holding the link for its whole duration. A session
  /// that failed is closed, and the next call opens a new one.
  func withSession<T>(_ body: (Session) async throws -> T) async throws -> T {
    await acquire()
    defer { release() }
    let session: Session
    do {
      session = try await liveSession()
    } catch {
      throw ConnectFailed(underlying: error)
    }
    do {
      return try await body(session)
    } catch {
      if PostgresFailure.isLinkFailure(error) { drop(session) }
      throw error
    }
  }

  /// Closes the connection (the next call reconnects).
  func close() async {
    let session = state.withLock { state in
      defer { state.session = nil }
      return state.session
    }
    try? await session?.connection.close()
  }

  /// Opens a new session to the server, bounded by the connect timeout (which covers the TCP
  /// connect, TLS and authentication: a server that accepts and then stays silent is bounded
  /// too), and left at once when the task is cancelled (`CancellationError`).
  func connect() async throws -> Session {
    let id = state.withLock { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
    let configuration = configuration
    let logger = logger
    let statementTimeout = statementTimeout
    // A connection that arrives after the deadline or the cancellation is closed by whichever
    // comes second.
    let opened = Mutex<(connection: PostgresConnection?, late: Bool)>((nil, false))
    let giveUp: @Sendable () -> Void = {
      opened.withLock { state in
        state.late = true
        return state.connection
      }?.closeSoon()
    }
    return try await withDeadline(seconds: connectTimeout, onTimeout: giveUp, onCancel: giveUp) {
      let connection = try await PostgresConnection.connect(
        configuration: configuration, id: id, logger: logger)
      let late = opened.withLock { state in
        state.connection = connection
        return state.late
      }
      if late { connection.closeSoon() }
      do {
        let rows = try await connection.query(
          """
          SELECT pg_backend_pid(), (extract(epoch FROM backend_start) * 1000000)::bigint
          FROM pg_stat_activity WHERE pid = pg_backend_pid()
          """,
          logger: logger)
        for try await (pid, start) in rows.decode((Int32, Int64).self) {
          return Session(
            connection: connection, backendPID: pid, backendStart: start,
            statementTimeout: statementTimeout)
        }
      } catch {
        // The server went away between the login and this query: close what is left
        // (postgres-nio requires a connection to be closed before it goes away).
        connection.closeSoon()
        throw error
      }
      connection.closeSoon()
      throw PostgresFailure.unreachable(.sessionNotNamed)
    }
  }

  private func liveSession() async throws -> Session {
    if let session = state.withLock({ $0.session }), !session.connection.isClosed {
      return session
    }
    let session = try await connect()
    state.withLock { $0.session = session }
    return session
  }

  private func drop(_ session: Session) {
    session.connection.closeSoon()
    state.withLock { state in
      if state.session?.backendPID == session.backendPID { state.session = nil }
    }
  }

  private func acquire() async {
    let free = state.withLock { state -> Bool in
      if state.busy { return false }
      state.busy = true
      return true
    }
    if free { return }
    await withCheckedContinuation { continuation in
      let now = state.withLock { state -> Bool in
        if state.busy {
          state.waiting.append(continuation)
          return false
        }
        state.busy = true
        return true
      }
      if now { continuation.resume() }
    }
  }

  private func release() {
    let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
      if state.waiting.isEmpty {
        state.busy = false
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.resume()
  }
}

extension PostgresConnection {
  /// Closes the connection without waiting for it (from synchronous code). The connection
  /// is kept alive until it is closed (postgres-nio asserts that a connection is closed
  /// before it goes away).
  func closeSoon() {
    let closing: EventLoopFuture<Void> = close()
    closing.whenComplete { _ in withExtendedLifetime(self) {} }
  }
}
