import Foundation
import SubscriptionStore

/// Where a shared store lives: a `postgres://` or `postgresql://` URL read as libpq reads it.
///
/// `postgres://[user[:password]@][host][:port][/database][?param=value&…]`, with
/// percent-encoding in every part. Parameters: `sslmode`, `sslrootcert`, `connect_timeout`,
/// `application_name`, and libpq's `user`, `password`, `host`, `port`, `dbname` (which
/// override the URL's parts). What the URL leaves out comes from `PGUSER`, `PGHOST`,
/// `PGPORT`, `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT` and `PGCONNECT_TIMEOUT`, then from
/// libpq's defaults; the password from the URL, else `PGPASSWORD`, else `~/.pgpass`.
///
/// A host that starts with `/` is the folder of the server's Unix socket (as in libpq).
public struct PostgresLocation: Sendable, Hashable {
  public var user: String
  /// From the URL, `PGPASSWORD` or the password file; never shown.
  public var password: String?
  /// Where the password came from (the URL, `PGPASSWORD` or the password file's path), to
  /// say so when the server refuses it.
  public var passwordSource: PasswordSource?
  /// A host name, an IP address, or (starting with `/`) a Unix-socket folder.
  public var host: String
  public var port: Int
  public var database: String
  public var sslMode: SSLMode
  /// The root certificates to verify the server's chain with (`sslrootcert`).
  public var sslRootCert: String?
  /// Bounded always: a missing or zero `connect_timeout` means the default, not "forever".
  public var connectTimeout: Int
  public var applicationName: String?
  /// The URL as given, with the password left out: what messages show.
  public var displayName: String

  /// How long a connection attempt may take when the URL does not say.
  public static let defaultConnectTimeout = 10
  /// libpq reads `connect_timeout` values of 1 as 2 ("too short to be useful").
  static let minimumConnectTimeout = 2

  /// libpq's `sslmode` values that this build honours (`allow` is refused: postgres-nio
  /// cannot try plain text first and TLS second).
  public enum SSLMode: String, Sendable, Hashable, CaseIterable {
    /// Plain text only.
    case disable
    /// TLS when the server offers it, plain text when it does not.
    case prefer
    /// TLS or nothing; the certificate is not checked (unless a root certificate is given).
    case require
    /// TLS or nothing, and the chain must lead to `sslrootcert`.
    case verifyCA = "verify-ca"
    /// TLS or nothing, the chain must lead to `sslrootcert` and the name must be the host's.
    case verifyFull = "verify-full"
  }

  /// Whether the connection goes through a Unix socket rather than TCP.
  public var isUnixSocket: Bool { host.hasPrefix("/") }

  /// The socket file of a Unix-socket location (`<folder>/.s.PGSQL.<port>`).
  public var socketPath: String? { isUnixSocket ? host + "/.s.PGSQL.\(port)" : nil }

  /// Whether `text` is meant as a PostgreSQL URL (rather than an SQLite file path).
  public static func isPostgresURL(_ text: String) -> Bool {
    scheme(of: text) != nil
  }

  static func scheme(of text: String) -> String? {
    for scheme in ["postgres://", "postgresql://"] where text.lowercased().hasPrefix(scheme) {
      return String(text.prefix(scheme.count - 3))
    }
    return nil
  }
}

/// Why a store URL cannot be used (`Words.text(StoreReason)` says it), naming the URL
/// without its password.
public struct PostgresLocationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The URL as given, password left out.
  public var shown: String
  public var reason: StoreReason

  public init(shown: String, reason: StoreReason) {
    self.shown = shown
    self.reason = reason
  }

  public var description: String { "The store URL \(shown) cannot be used: \(reason)." }
}
