import Foundation
import PostgresNIO

extension PostgresLocation {
  /// How long a statement may take before the link is taken for dead (and the server stops
  /// it too); `SMARTCONNECT_PG_STATEMENT_TIMEOUT` (seconds) overrides it.
  public static let defaultStatementTimeout = 30.0

  /// A transaction that a vanished client left open is ended by the server after this long
  /// (its locks would otherwise hold up every other technician until TCP gives up).
  static let idleInTransactionTimeout = 60

  /// The postgres-nio configuration for this location: its TLS policy, its connect timeout,
  /// the `smartconnect` schema first on the search path, and the server-side timeouts.
  func connectionConfiguration(home: String?, statementTimeout: Double)
    throws(PostgresLocationError) -> PostgresConnection.Configuration
  {
    var configuration: PostgresConnection.Configuration
    if let socketPath {
      configuration = .init(
        unixSocketPath: socketPath, username: user, password: password, database: database)
    } else {
      let tls = try Self.postgresTLS(try tlsPolicy(home: home), shown: displayName)
      configuration = .init(
        host: host, port: port, username: user, password: password, database: database,
        tls: tls)
    }
    configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
    configuration.options.additionalStartupParameters = [
      ("application_name", applicationName ?? "smartconnect"),
      ("search_path", "\(PostgresSchema.name), pg_temp"),
      ("statement_timeout", "\(Int(statementTimeout * 1000))"),
      ("idle_in_transaction_session_timeout", "\(Self.idleInTransactionTimeout * 1000)"),
    ]
    return configuration
  }

  /// The statement timeout the environment asks for, or the default.
  public static func statementTimeout(environment: [String: String]) -> Double {
    environment["SMARTCONNECT_PG_STATEMENT_TIMEOUT"].flatMap(Double.init)
      .flatMap { $0 > 0 ? $0 : nil } ?? defaultStatementTimeout
  }
}
