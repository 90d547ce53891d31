import Crypto
import Foundation
import Testing

@testable import PostgresStore

/// The technician's password goes to the server as a SCRAM-SHA-256 verifier, never as text.
@Suite struct ScramVerifierTests {
  /// RFC 7677's example exchange: password "pencil", this salt, 4096 iterations.
  static let salt = Array(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ==") ?? Data())

  @Test func theVerifierIsTheOneTheRFCsExchangeProves() throws {
    let verifier = try ScramVerifier.make(password: "pencil", salt: Self.salt)
    let parts = verifier.split(separator: "$")
    #expect(parts.count == 3 && parts[0] == "SCRAM-SHA-256" && parts[1] == "4096:W22ZaJ0SNY7soEsUEjb6gQ==")
    let keys = try #require(parts.last?.split(separator: ":"))
    // The server's signature over the RFC's AuthMessage, made with our ServerKey, is the one
    // RFC 7677 §3 prints: the key is right.
    let serverKey = SymmetricKey(data: try #require(Data(base64Encoded: String(keys[1]))))
    let authMessage =
      "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
      + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    let signature = HMAC<SHA256>.authenticationCode(for: Array(authMessage.utf8), using: serverKey)
    #expect(Data(signature).base64EncodedString() == "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    // StoredKey = SHA-256(ClientKey), from an independent implementation (Python's hashlib).
    #expect(keys[0] == "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=")
  }

  @Test(arguments: ["pässwort", "пароль", "tab\there", "new\nline", "🔋"])
  func aPasswordTheServerWouldRewriteIsRefusedWithAReason(password: String) {
    #expect(ScramVerifier.refusal(for: password) == .rolePasswordNotASCII)
  }

  @Test(arguments: ["choose-one", "t3ch'pw\\", "a b c", "~!@#$%^&*()_+{}|:\"<>?"])
  func printableASCIIIsHashedHere(password: String) {
    #expect(ScramVerifier.refusal(for: password) == nil)
  }
}
