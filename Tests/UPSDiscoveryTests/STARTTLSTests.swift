import Foundation
import NUTTestSupport
import Testing
import UPSDiscovery

/// STARTTLS against a fake upsd that switches to TLS (the fake's TLS handler would reject
/// plain text, so a complete discovery proves the commands after STARTTLS went through TLS),
/// and against Debian's own upsd, built with NSS, given a certificate database.
@Suite("STARTTLS")
struct STARTTLSTests {
  static let units = [("ups1", "One", [("device.serial", "AS2310100001")])]

  static func script(_ command: String) -> FakeNUTServer.Answer {
    command == "STARTTLS" ? .startTLS : FakeNUTServer.healthy(units)(command)
  }

  func withCertificates<T>(_ body: (FakeNUTServer.Certificate, FakeNUTServer.Certificate) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-tls-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(
      try FakeNUTServer.Certificate.make(in: folder, name: "upsd"),
      try FakeNUTServer.Certificate.make(in: folder, name: "other"))
  }

  @Test func tlsIsUsedWhenOffered() async throws {
    try await withCertificates { certificate, _ in
      try await FakeNUTServer.with(Self.script, tls: certificate) { server in
        let client = NUTClient(credentials: .init(username: "monitor", password: "pw"), timeout: .seconds(5))
        let units = try await client.discover(NUTEndpoint(host: "127.0.0.1", port: server.port))
        #expect(units.map(\.serial) == ["AS2310100001"])
      }
    }
  }

  @Test func aVerifiedConnectionAcceptsTheCertificateOfItsCA() async throws {
    try await withCertificates { certificate, _ in
      try await FakeNUTServer.with(Self.script, tls: certificate) { server in
        let client = NUTClient(tls: .verified(caFile: certificate.certificatePath), timeout: .seconds(5))
        let units = try await client.discover(NUTEndpoint(host: "localhost", port: server.port))
        #expect(units.map(\.serial) == ["AS2310100001"])
      }
    }
  }

  /// Debian's upsd (NUT 2.8 with NSS: CERTPATH and CERTIDENT in upsd.conf) offers STARTTLS
  /// with its certificate: checked against its CA the discovery goes through, and against
  /// another CA it is refused (so the connection really was TLS, and really checked).
  @Test func theRealUpsdSpeaksTLSWithItsCertificate() async throws {
    try await withCertificates { certificate, other in
      try await NUTServer.with([GatewayFleet.units[0]], tls: certificate) { server in
        let endpoint = NUTEndpoint(host: "localhost", port: server.port)
        let verified = NUTClient(tls: .verified(caFile: certificate.certificatePath), timeout: .seconds(10))
        let units = try await verified.discover(endpoint)
        #expect(units.map(\.serial) == ["AS2310100001"])
        #expect(units.map(\.model) == ["Smart-UPS SRT 1500"])
        let wrong = NUTClient(tls: .verified(caFile: other.certificatePath), timeout: .seconds(10))
        do {
          _ = try await wrong.discover(endpoint)
          Issue.record("upsd's certificate was accepted against another CA")
        } catch let error as NUTError {
          #expect(error.problem == .tls(.certificateNotVerified(caFile: other.certificatePath)))
        }
      }
    }
  }

  @Test func aVerifiedConnectionRefusesAnotherCertificate() async throws {
    try await withCertificates { certificate, other in
      try await FakeNUTServer.with(Self.script, tls: certificate) { server in
        let client = NUTClient(tls: .verified(caFile: other.certificatePath), timeout: .seconds(5))
        do {
          _ = try await client.discover(NUTEndpoint(host: "localhost", port: server.port))
          Issue.record("a certificate from another CA was accepted")
        } catch let error as NUTError {
          // The CA file's to explain (the command line says what to do: CommandWordsTests),
          // not BoringSSL's CERTIFICATE_VERIFY_FAILED.
          #expect(error.problem == .tls(.certificateNotVerified(caFile: other.certificatePath)))
          #expect(error.endpoint == NUTEndpoint(host: "localhost", port: server.port))
        }
      }
    }
  }

  @Test func aCertificateForAnotherHostIsRefusedNamingTheHost() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-tls-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let elsewhere = try FakeNUTServer.Certificate.make(in: folder, host: "upsd.example")
    try await FakeNUTServer.with(Self.script, tls: elsewhere) { server in
      let client = NUTClient(tls: .verified(caFile: elsewhere.certificatePath), timeout: .seconds(5))
      do {
        _ = try await client.discover(NUTEndpoint(host: "localhost", port: server.port))
        Issue.record("a certificate for upsd.example was accepted for localhost")
      } catch let error as NUTError {
        #expect(error.problem == .tls(.certificateWrongHost(host: "localhost")))
      }
    }
  }

  @Test func aCAFileThatIsNoCertificateIsNamed() async throws {
    try await withCertificates { certificate, _ in
      let notPEM = certificate.keyPath + ".txt"
      try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: notPEM))
      try await FakeNUTServer.with(Self.script, tls: certificate) { server in
        let client = NUTClient(tls: .verified(caFile: notPEM), timeout: .seconds(5))
        do {
          _ = try await client.discover(NUTEndpoint(host: "localhost", port: server.port))
          Issue.record("a CA file without a certificate was accepted")
        } catch let error as NUTError {
          guard case .tls(.caFileUnusable(let file, _)) = error.problem else {
            Issue.record("expected an unusable CA file, got \(error.problem)")
            return
          }
          #expect(file == notPEM)
        }
      }
    }
  }
}
