import Foundation
import SubscriptionStore
import PostgresNIO

extension PostgresLocation {
  /// How a connection is protected, as libpq's `sslmode` means it. `require` and the
  /// `verify-` modes never fall back to plain text: postgres-nio's own default, `.prefer`,
  /// would, silently, so it is used for `sslmode=prefer` only.
  public enum TLSPolicy: Sendable, Hashable {
    /// Plain text (`disable`, and every Unix-socket connection, as in libpq).
    case plain
    /// TLS when the server offers it, plain text when it does not (`prefer`).
    case opportunistic(Verification)
    /// TLS or no connection at all (`require`, `verify-ca`, `verify-full`).
    case required(Verification)
  }

  /// What is checked of the server's certificate.
  public enum Verification: Sendable, Hashable {
    /// Nothing: encrypted, but anyone in the path could pose as the server.
    case none
    /// The chain must lead to one of `roots` (`verify-ca`).
    case chain(roots: RootCertificates)
    /// The chain must lead to one of `roots` and name this host (`verify-full`).
    case chainAndHost(roots: RootCertificates, host: String)
  }

  /// Where trusted root certificates come from.
  public enum RootCertificates: Sendable, Hashable {
    /// A PEM file (`sslrootcert=PATH`, or libpq's default `~/.postgresql/root.crt`).
    case file(String)
    /// The system's trust store (`sslrootcert=system`).
    case system
  }

  /// libpq's policy for this location. A root certificate file that is given (or present at
  /// `~/.postgresql/root.crt`) makes `prefer` and `require` check the chain, as in libpq;
  /// `verify-ca` and `verify-full` without one are refused rather than run unverified.
  public func tlsPolicy(home: String?) throws(PostgresLocationError) -> TLSPolicy {
    if sslMode == .disable || isUnixSocket { return .plain }
    let roots = try rootCertificates(home: home)
    switch sslMode {
    case .disable: return .plain
    case .prefer: return .opportunistic(roots.map { .chain(roots: $0) } ?? .none)
    case .require: return .required(roots.map { .chain(roots: $0) } ?? .none)
    case .verifyCA, .verifyFull:
      guard let roots else {
        throw PostgresLocationError(
          shown: displayName,
          reason: .rootCertificateNeeded(sslMode: sslMode.rawValue))
      }
      return .required(
        sslMode == .verifyCA ? .chain(roots: roots) : .chainAndHost(roots: roots, host: host))
    }
  }

  private func rootCertificates(home: String?) throws(PostgresLocationError) -> RootCertificates? {
    if let given = sslRootCert {
      if given == "system" { return .system }
      guard FileManager.default.isReadableFile(atPath: given) else {
        throw PostgresLocationError(
          shown: displayName, reason: .rootCertificateUnreadable(path: given))
      }
      return .file(given)
    }
    if let home, FileManager.default.isReadableFile(atPath: home + "/.postgresql/root.crt") {
      return .file(home + "/.postgresql/root.crt")
    }
    return nil
  }

  /// The postgres-nio form of `policy`.
  static func postgresTLS(_ policy: TLSPolicy, shown: String) throws(PostgresLocationError)
    -> PostgresConnection.Configuration.TLS
  {
    func context(_ verification: Verification) throws(PostgresLocationError) -> NIOSSLContext {
      var configuration = TLSConfiguration.makeClientConfiguration()
      switch verification {
      case .none:
        configuration.certificateVerification = .none
      case .chain(let roots):
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = trustRoots(roots)
      case .chainAndHost(let roots, _):
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = trustRoots(roots)
      }
      do {
        return try NIOSSLContext(configuration: configuration)
      } catch {
        throw PostgresLocationError(
          shown: shown, reason: .tlsSettingsUnusable(detail: String(describing: error)))
      }
    }
    switch policy {
    case .plain: return .disable
    case .opportunistic(let verification): return .prefer(try context(verification))
    case .required(let verification): return .require(try context(verification))
    }
  }

  private static func trustRoots(_ roots: RootCertificates) -> NIOSSLTrustRoots {
    switch roots {
    case .file(let path): return .file(path)
    case .system: return .default
    }
  }
}
