import Foundation
import SubscriptionStore
import PostgresNIO

/// What went wrong talking to the server, before it becomes a `StoreError` (which names the
/// store by its URL without the password).
enum PostgresFailure: Error {
  /// No session could be had: the reason says why (down, refused password, no database…).
  case unreachable(StoreReason)
  /// The link dropped during a write; on reconnect the write's id told whether it was written.
  case lost(written: Bool)
  /// The link dropped during a read (nothing to write, nothing written).
  case lostReading(StoreReason)
  /// The role may not do what was asked.
  case privilege(StoreReason)
  /// The database holds migrations this build does not know.
  case newerSchema
  /// Another error the server reported (a constraint, a trigger, a bug of ours).
  case server(StoreReason)

  /// SQLSTATE classes and codes this module reacts to.
  enum State {
    static let serializationFailure = "40001"
    static let deadlockDetected = "40P01"
    static let uniqueViolation = "23505"
    static let insufficientPrivilege = "42501"
    static let invalidPassword = "28P01"
    static let invalidAuthorization = "28000"
    static let invalidCatalogName = "3D000"
    static let tooManyConnections = "53300"
    static let cannotConnectNow = "57P03"
    static let adminShutdown = "57P01"
    static let crashShutdown = "57P02"
    static let queryCanceled = "57014"
    static let lockNotAvailable = "55P03"
  }

  /// The SQLSTATE of a server error, or `nil` for a client or network error.
  static func sqlState(_ error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.sqlState]
  }

  /// The server's message of a server error.
  static func serverMessage(_ error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.message]
  }

  /// Whether `error` means the link itself failed (rather than the server refusing a
  /// statement): after such an error nothing more can be learnt on that connection.
  static func isLinkFailure(_ error: any Error) -> Bool {
    if error is DeadlineExceeded || error is any LinkFailure || error is ChannelError
      || error is IOError
    {
      return true
    }
    guard let error = error as? PSQLError else { return false }
    switch error.code {
    case .server:
      // The server ends the session on shutdown: the link is gone as well.
      let state = error.serverInfo?[.sqlState] ?? ""
      return state == State.adminShutdown || state == State.crashShutdown
        || state.hasPrefix("08")
    case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown,
      .messageDecodingFailure, .unexpectedBackendMessage:
      return true
    default:
      return false
    }
  }

  /// Whether the transaction failed only because of another one and may simply run again.
  static func isRetryable(_ error: any Error) -> Bool {
    let state = sqlState(error)
    return state == State.serializationFailure || state == State.deadlockDetected
  }
}

/// An error that means the connection is gone (the session must not be used again).
protocol LinkFailure: Error {}

/// No session could be opened: the server is down, refused the login, has no such
/// database, or did not answer within the connect timeout.
struct ConnectFailed: LinkFailure {
  var underlying: any Error
}

/// The link was found dead before the transaction began: nothing was sent, so the
/// transaction may run again on a new connection.
struct SessionWentStale: LinkFailure {
  var underlying: any Error
}

/// The link failed inside the transaction, before COMMIT was sent: the server rolls it back.
struct LostBeforeCommit: LinkFailure {
  var underlying: any Error
}

/// The link failed after COMMIT was sent and before its answer came: whether the write
/// happened is found out on a new connection, by its id.
struct CommitUnanswered: LinkFailure {
  var session: PostgresLink.Session
  var underlying: any Error
}
