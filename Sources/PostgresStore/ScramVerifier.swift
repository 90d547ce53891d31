import Crypto
import Foundation
import SubscriptionStore
import _CryptoExtras

/// The SCRAM-SHA-256 verifier PostgreSQL keeps for a password (RFC 5802 and 7677, in the form
/// `pg_authid.rolpassword` holds: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`).
///
/// `CREATE ROLE … PASSWORD` given a verifier stores it as it is, so the password itself never
/// travels in a statement, where the server's log (`log_statement`, or the statement of a
/// failed command) would keep it.
enum ScramVerifier {
  /// PostgreSQL's own default (`scram_iterations`): every login derives the key this often.
  static let iterations = 4096

  /// Why `password` cannot be pre-hashed, or `nil`. The server runs SASLprep over a password
  /// before hashing it; for printable ASCII that is the identity, and only there can the
  /// verifier be computed here and be sure to match.
  static func refusal(for password: String) -> StoreReason? {
    password.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) })
      ? nil : .rolePasswordNotASCII
  }

  /// The verifier of `password` with `salt` (16 random bytes).
  static func make(password: String, salt: [UInt8]) throws -> String {
    let salted = try KDF.Insecure.PBKDF2.deriveKey(
      from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
      unsafeUncheckedRounds: iterations)
    let clientKey = HMAC<SHA256>.authenticationCode(for: Array("Client Key".utf8), using: salted)
    let storedKey = SHA256.hash(data: Array(clientKey))
    let serverKey = HMAC<SHA256>.authenticationCode(for: Array("Server Key".utf8), using: salted)
    return "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$"
      + "\(Data(storedKey).base64EncodedString()):\(Data(serverKey).base64EncodedString())"
  }
}
