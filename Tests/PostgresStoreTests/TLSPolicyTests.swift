import Foundation
import Testing

@testable import PostgresStore
import SubscriptionStore

/// `sslmode` as libpq means it, and as postgres-nio is told it: `require` and the `verify-`
/// modes never fall back to plain text.
@Suite struct TLSPolicyTests {
  let home: TemporaryHome
  let root: String

  init() throws {
    home = try TemporaryHome()
    // Not a real certificate: the policy only needs the file to exist and be readable.
    try home.write("certs/root.crt", "-----BEGIN CERTIFICATE-----\n")
    root = home.path + "/certs/root.crt"
  }

  func policy(_ url: String) throws -> PostgresLocation.TLSPolicy {
    let (location, _) = try PostgresLocation.parse(url, home.surroundings())
    return try location.tlsPolicy(home: home.path)
  }

  @Test func eachModeGivesLibpqsPolicy() throws {
    #expect(try policy("postgres://h/d?sslmode=disable") == .plain)
    #expect(try policy("postgres://h/d?sslmode=prefer") == .opportunistic(.none))
    #expect(try policy("postgres://h/d") == .opportunistic(.none))
    #expect(try policy("postgres://h/d?sslmode=require") == .required(.none))
    #expect(
      try policy("postgres://h/d?sslmode=verify-ca&sslrootcert=\(root)")
        == .required(.chain(roots: .file(root))))
    #expect(
      try policy("postgres://h/d?sslmode=verify-full&sslrootcert=\(root)")
        == .required(.chainAndHost(roots: .file(root), host: "h")))
    #expect(
      try policy("postgres://h/d?sslmode=verify-full&sslrootcert=system")
        == .required(.chainAndHost(roots: .system, host: "h")))
  }

  @Test func aGivenRootCertificateMakesRequireCheckTheChain() throws {
    #expect(
      try policy("postgres://h/d?sslmode=require&sslrootcert=\(root)")
        == .required(.chain(roots: .file(root))))
    try home.write(".postgresql/root.crt", "-----BEGIN CERTIFICATE-----\n")
    #expect(
      try policy("postgres://h/d?sslmode=require")
        == .required(.chain(roots: .file(home.path + "/.postgresql/root.crt"))))
  }

  @Test func verifyModesWithoutARootCertificateAreRefusedNotRunUnverified() {
    for mode in ["verify-ca", "verify-full"] {
      #expect {
        try policy("postgres://a:pw@h/d?sslmode=\(mode)")
      } throws: { error in
        guard let error = error as? PostgresLocationError else { return false }
        return error.reason == .rootCertificateNeeded(sslMode: mode)
          && !error.shown.contains("pw@")
      }
    }
    #expect {
      try policy("postgres://h/d?sslmode=verify-full&sslrootcert=/no/such/root.crt")
    } throws: { error in
      (error as? PostgresLocationError)?.reason
        == .rootCertificateUnreadable(path: "/no/such/root.crt")
    }
  }

  @Test func aUnixSocketIsPlainAsInLibpq() throws {
    #expect(try policy("postgres://%2Ftmp/d?sslmode=require") == .plain)
  }

  @Test func postgresNIOIsToldToRequireWhatMustNotFallBack() throws {
    let shown = "postgres://h/d"
    let require = try PostgresLocation.postgresTLS(.required(.none), shown: shown)
    #expect(require.isEnforced)
    let prefer = try PostgresLocation.postgresTLS(.opportunistic(.none), shown: shown)
    #expect(prefer.isAllowed && !prefer.isEnforced)
    let plain = try PostgresLocation.postgresTLS(.plain, shown: shown)
    #expect(!plain.isAllowed)
    let system = try PostgresLocation.postgresTLS(
      .required(.chainAndHost(roots: .system, host: "h")), shown: shown)
    #expect(system.isEnforced)
  }
}
