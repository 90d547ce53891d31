import Foundation
import PostgresNIO
import SubscriptionStore

extension ConnectFailed {
  /// Why no session could be had, as a value a technician's words are made from. Holds
  /// neither the password nor anything the server could have put into an error to leak it.
  func reason(_ location: PostgresLocation, passwordSource: PasswordSource?) -> StoreReason {
    let target: ServerTarget =
      location.isUnixSocket
      ? .socket(path: location.socketPath ?? location.host)
      : .address(host: location.host, port: location.port)
    if let deadline = underlying as? DeadlineExceeded {
      return .noAnswer(target: target, seconds: Int(deadline.seconds))
    }
    if let error = underlying as? PSQLError {
      switch error.code {
      case .server:
        return serverReason(error, location, passwordSource: passwordSource)
      case .sslUnsupported:
        return .tlsNotOffered(sslMode: location.sslMode.rawValue)
      case .authMechanismRequiresPassword:
        return .passwordMissing(user: location.user)
      case .unsupportedAuthMechanism:
        return .loginMethodUnsupported
      case .connectionError, .uncleanShutdown, .serverClosedConnection:
        return transportReason(error.underlying, target: target, location)
      default:
        return transportReason(error.underlying ?? error, target: target, location)
      }
    }
    return transportReason(underlying, target: target, location)
  }

  private func serverReason(
    _ error: PSQLError, _ location: PostgresLocation, passwordSource: PasswordSource?
  ) -> StoreReason {
    let state = error.serverInfo?[.sqlState] ?? ""
    let message = error.serverInfo?[.message] ?? ""
    switch state {
    case PostgresFailure.State.invalidPassword:
      return .passwordRefused(user: location.user, source: passwordSource)
    case PostgresFailure.State.invalidAuthorization:
      return .userNotLetIn(user: location.user, serverMessage: message)
    case PostgresFailure.State.invalidCatalogName:
      return .noSuchDatabase(database: location.database)
    case PostgresFailure.State.tooManyConnections:
      return .noConnectionLeft
    case PostgresFailure.State.cannotConnectNow, PostgresFailure.State.adminShutdown,
      PostgresFailure.State.crashShutdown:
      return .serverNotReady
    default:
      return .connectionRefused(serverMessage: message)
    }
  }

  private func transportReason(
    _ error: (any Error)?, target: ServerTarget, _ location: PostgresLocation
  ) -> StoreReason {
    guard let error else { return .connectionFailed(target: target, detail: nil) }
    if let error = error as? IOError {
      switch error.errnoCode {
      case ECONNREFUSED: return .nothingListens(target: target)
      case ENOENT: return .noServerSocket(target: target)
      case EHOSTUNREACH, ENETUNREACH: return .cannotBeReached(target: target)
      case ETIMEDOUT: return .noAnswer(target: target, seconds: nil)
      default: return .connectionFailed(target: target, detail: error.description)
      }
    }
    if let error = error as? ChannelError, case .connectTimeout = error {
      return .noAnswer(target: target, seconds: location.connectTimeout)
    }
    if let error = error as? NIOConnectionError {
      if error.dnsAError != nil || error.dnsAAAAError != nil,
        error.connectionErrors.isEmpty
      {
        return .hostNotResolved(host: location.host)
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
    return .connectionFailed(target: target, detail: String(describing: error))
  }

  private func tlsReason(_ detail: String, _ location: PostgresLocation) -> StoreReason {
    let mode = location.sslMode.rawValue
    if detail.contains("CERTIFICATE_VERIFY_FAILED") || detail.contains("certificate") {
      return .certificateNotVerified(
        rootCertificate: location.sslRootCert, sslMode: mode, detail: detail)
    }
    if detail.contains("failedToValidateHostname") || detail.contains("hostname") {
      return .certificateWrongHost(host: location.host, sslMode: mode)
    }
    return .tlsHandshakeFailed(sslMode: mode, detail: detail)
  }
}
