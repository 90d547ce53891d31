import Foundation
import PostgresNIO

extension ConnectFailed {
  /// Why no session could be had, in words a technician can act on. Names neither the
  /// password nor anything the server could have put into an error to leak it.
  func reason(_ location: PostgresLocation, passwordSource: String?) -> String {
    let target = location.isUnixSocket ? "the socket \(location.socketPath ?? location.host)"
      : "\(location.host):\(location.port)"
    if let deadline = underlying as? DeadlineExceeded {
      return "\(target) did not answer within \(Int(deadline.seconds)) s (connect_timeout)"
    }
    if let error = underlying as? PSQLError {
      switch error.code {
      case .server:
        return serverReason(error, location, passwordSource: passwordSource)
      case .sslUnsupported:
        return "the server does not offer TLS, and sslmode=\(location.sslMode.rawValue) "
          + "never falls back to plain text"
      case .authMechanismRequiresPassword:
        return "the server asks user \(location.user) for a password and none was given "
          + "(put it in the URL, PGPASSWORD or ~/.pgpass)"
      case .unsupportedAuthMechanism:
        return "the server asks for a login method this build does not speak"
      case .connectionError, .uncleanShutdown, .serverClosedConnection:
        return transportReason(error.underlying, target: target, location)
      default:
        return transportReason(error.underlying ?? error, target: target, location)
      }
    }
    return transportReason(underlying, target: target, location)
  }

  private func serverReason(
    _ error: PSQLError, _ location: PostgresLocation, passwordSource: String?
  ) -> String {
    let state = error.serverInfo?[.sqlState] ?? ""
    let message = error.serverInfo?[.message] ?? "no message"
    switch state {
    case PostgresFailure.State.invalidPassword:
      let source = passwordSource.map { " (the password came from \($0))" } ?? ""
      return "the server refused the password of user \(location.user)\(source)"
    case PostgresFailure.State.invalidAuthorization:
      return "the server does not let user \(location.user) in: \(message)"
    case PostgresFailure.State.invalidCatalogName:
      return "the server has no database \(location.database)"
    case PostgresFailure.State.tooManyConnections:
      return "the server has no connection left (max_connections); try again in a moment"
    case PostgresFailure.State.cannotConnectNow, PostgresFailure.State.adminShutdown,
      PostgresFailure.State.crashShutdown:
      return "the server is starting up or shutting down; try again in a moment"
    default:
      return "the server refused the connection: \(message)"
    }
  }

  private func transportReason(
    _ error: (any Error)?, target: String, _ location: PostgresLocation
  ) -> String {
    guard let error else { return "the connection to \(target) failed" }
    if let error = error as? IOError {
      switch error.errnoCode {
      case ECONNREFUSED: return "nothing listens on \(target) (is PostgreSQL running there?)"
      case ENOENT: return "there is no server socket at \(target) (is PostgreSQL running?)"
      case EHOSTUNREACH, ENETUNREACH: return "\(target) cannot be reached from here"
      case ETIMEDOUT: return "\(target) did not answer (connect_timeout)"
      default: return "the connection to \(target) failed: \(error.description)"
      }
    }
    if let error = error as? ChannelError, case .connectTimeout = error {
      return "\(target) did not answer within \(location.connectTimeout) s (connect_timeout)"
    }
    if let error = error as? NIOConnectionError {
      if error.dnsAError != nil || error.dnsAAAAError != nil,
        error.connectionErrors.isEmpty
      {
        return "the host name \(location.host) cannot be resolved"
      }
      if let first = error.connectionErrors.first {
        return transportReason(first.error, target: target, location)
      }
    }
    if let error = error as? NIOSSLError {
      return tlsReason(String(describing: error), location)
    }
    if let error = error as? NIOSSLExtraError {
      return tlsReason(String(describing: error), location)
    }
    return "the connection to \(target) failed: \(error)"
  }

  private func tlsReason(_ detail: String, _ location: PostgresLocation) -> String {
    let root = location.sslRootCert.map { " against \($0)" } ?? ""
    if detail.contains("CERTIFICATE_VERIFY_FAILED") || detail.contains("certificate") {
      return "the server's certificate could not be verified\(root) "
        + "(sslmode=\(location.sslMode.rawValue)): \(detail)"
    }
    if detail.contains("failedToValidateHostname") || detail.contains("hostname") {
      return "the server's certificate does not name \(location.host) "
        + "(sslmode=\(location.sslMode.rawValue))"
    }
    return "the TLS handshake failed (sslmode=\(location.sslMode.rawValue)): \(detail)"
  }
}
