import Foundation
import Subscriptions

/// Why a store could not be opened or reached, or failed: a value with its data, no
/// sentence. `Words.text(_:_:)` words it in the technician's language. Text that comes from
/// elsewhere (a server's own error message, the operating system's `strerror`, a library's
/// description) is data, shown as is.
public enum StoreReason: Equatable, Sendable {
  // MARK: Reaching a server store

  /// `target` did not answer within `seconds` (connect_timeout), or at all (`nil`).
  case noAnswer(target: ServerTarget, seconds: Int?)
  /// The server offers no TLS and the sslmode never falls back to plain text.
  case tlsNotOffered(sslMode: String)
  /// The server asks `user` for a password and none was given.
  case passwordMissing(user: String)
  /// The server asks for a login method this build does not speak.
  case loginMethodUnsupported
  /// The server refused the password of `user`; `source` says where it came from.
  case passwordRefused(user: String, source: PasswordSource?)
  /// The server does not let `user` in; `serverMessage` is the server's own text.
  case userNotLetIn(user: String, serverMessage: String)
  case noSuchDatabase(database: String)
  /// max_connections reached.
  case noConnectionLeft
  /// Starting up or shutting down.
  case serverNotReady
  /// Another refusal at login; `serverMessage` is the server's own text.
  case connectionRefused(serverMessage: String)
  /// ECONNREFUSED: nothing listens there.
  case nothingListens(target: ServerTarget)
  /// ENOENT on a socket path.
  case noServerSocket(target: ServerTarget)
  case cannotBeReached(target: ServerTarget)
  /// Another transport failure; `detail` is the system's or library's text (if any).
  case connectionFailed(target: ServerTarget, detail: String?)
  case hostNotResolved(host: String)
  case certificateNotVerified(rootCertificate: String?, sslMode: String, detail: String)
  case certificateWrongHost(host: String, sslMode: String)
  case tlsHandshakeFailed(sslMode: String, detail: String)
  /// The server opened a session without saying which (its process id).
  case sessionNotNamed

  // MARK: Talking to a server store

  /// No answer within `seconds` (the store's own deadline).
  case serverSilent(seconds: Int)
  /// A statement ran past statement_timeout.
  case statementTimedOut(seconds: Int)
  /// The link dropped while reading; `detail` is the server's or library's text.
  case connectionDropped(detail: String)
  /// The role `user` may not do this; `serverMessage` is the server's own text.
  case notPermitted(user: String, serverMessage: String)
  /// Another error the server reported, with its SQLSTATE (if any), shown as is.
  case server(message: String, sqlState: String?)
  /// After a lost commit, the lost session (its process id) does not end.
  case lostSessionLingers(pid: Int)
  /// After a lost commit, the write's id could not be looked up.
  case writeNotLookedUp

  // MARK: A store file

  case otherProgramsDatabase
  case storeFileReplaced(path: String)
  case sqliteCannotOpen
  case readOnly
  case diskFull(path: String)
  /// An I/O error; `detail` is SQLite's text (if any).
  case writeFailed(path: String, detail: String?)
  case damaged(path: String)
  /// `detail` is the system's text (strerror).
  case folderNotWritable(folder: String, detail: String)
  /// The path is a folder; `example` is a store file path inside it.
  case isAFolder(example: String)
  case notARegularFile
  case fileNotCreated(detail: String)
  case notAFolder(folder: String)
  case folderNotCreated(folder: String, detail: String)
  case noTemporaryFolder(detail: String)

  // MARK: What was stored or asked

  case codeIssuedAlready(masked: String)
  case unknownTier(codeID: String, tier: String)
  case unknownLicenseKind
  case writeReturnedNothing
  case planNotSold
  case termOutOfRange
  case seatsOutOfRange
  case roleNameNotPlain
  case rolePasswordMissing
  case rolePasswordNotASCII
  /// `detail` is the library's text.
  case passwordNotHashed(detail: String)
  case rolesNeedPostgres
  // MARK: A server store's URL that cannot be used

  case notAPostgresURL
  case badPort(String)
  case unknownSSLMode(String)
  case badConnectTimeout(String)
  case brokenEscape(in: URLPart)
  case parameterWithoutValue(String)
  /// `known` lists the parameters the URL may hold.
  case unknownParameter(String, known: [String])
  case severalHosts
  case unclosedIPv6Address
  case textAfterIPv6Address
  /// verify-ca and verify-full need the authority's certificate.
  case rootCertificateNeeded(sslMode: String)
  case rootCertificateUnreadable(path: String)
  /// `detail` is the TLS library's text.
  case tlsSettingsUnusable(detail: String)
  /// A failure this program does not know more about; `detail` is the text it came with
  /// (a library's description), shown as is.
  case unexpected(detail: String)

  /// Why `plan` cannot be sold, if it cannot.
  public static func problem(of plan: Plan) -> StoreReason? {
    switch plan.problem {
    case nil: nil
    case .notSold: .planNotSold
    case .termOutOfRange: .termOutOfRange
    case .seatsOutOfRange: .seatsOutOfRange
    }
  }
}

/// A part of a store URL.
public enum URLPart: Hashable, Sendable {
  case user, password, host, port, database, parameterName
  /// The value of the named parameter.
  case parameterValue(String)
}

/// Where a server store listens.
public enum ServerTarget: Hashable, Sendable {
  case socket(path: String)
  case address(host: String, port: Int)
}

/// Where the password of a server store came from.
public enum PasswordSource: Hashable, Sendable {
  case url
  case environment
  case file(path: String)
}

/// A warning about the password file (`~/.pgpass`), shown on stderr as libpq does.
public enum PasswordFileWarning: Hashable, Sendable {
  case notAPlainFile(path: String)
  case groupOrWorldAccess(path: String)
}
