import Foundation
import PostgresNIO
import SubscriptionStore

extension PostgresStore {
  /// Creates the technicians' login role, or gives an existing one this password, and sets
  /// its rights: read everything; add devices, codes, licenses, audit rows and write ids;
  /// activate a code; nothing else. Licenses and the audit trail can neither be updated nor
  /// deleted by it (no such grant, and the schema's triggers refuse it for every role).
  ///
  /// Run by whoever owns the database (`smartconnect store init`), after `open` made the
  /// schema.
  ///
  /// The password reaches the server only as its SCRAM-SHA-256 verifier (`ScramVerifier`),
  /// salted with 16 bytes of `random`.
  public func setUpTechnicianRole(
    name: String, password: String, context: WriteContext,
    random: inout some RandomNumberGenerator
  ) async throws(StoreError) {
    guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\0" })
    else {
      throw .failed(reason: .roleNameNotPlain)
    }
    guard !password.isEmpty else {
      throw .failed(reason: .rolePasswordMissing)
    }
    if let refusal = ScramVerifier.refusal(for: password) { throw .failed(reason: refusal) }
    let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
    let verifier: String
    do {
      verifier = try ScramVerifier.make(password: password, salt: salt)
    } catch {
      throw .failed(reason: .passwordNotHashed(detail: String(describing: error)))
    }
    let role = Self.identifier(name)
    try await write(context) { transaction in
      let exists = try await !transaction.rows(
        "SELECT 1 FROM pg_roles WHERE rolname = \(name)"
      ).isEmpty
      // Role statements take no parameters: the verifier goes in as a quoted literal.
      let verb = exists ? "ALTER" : "CREATE"
      try await transaction.execute(
        PostgresQuery(
          unsafeSQL: "\(verb) ROLE \(role) LOGIN PASSWORD \(Self.literal(verifier))"))
      for statement in [
        "GRANT USAGE ON SCHEMA smartconnect TO \(role)",
        "REVOKE ALL ON ALL TABLES IN SCHEMA smartconnect FROM \(role)",
        "GRANT SELECT ON ALL TABLES IN SCHEMA smartconnect TO \(role)",
        "GRANT INSERT ON device, code, license, audit, write_id TO \(role)",
        "GRANT UPDATE (activated_at) ON code TO \(role)",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA smartconnect TO \(role)",
      ] {
        try await transaction.execute(PostgresQuery(unsafeSQL: statement))
      }
    }
  }

  /// `name` as a quoted SQL identifier.
  static func identifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `text` as an escape-string SQL literal (`E'…'`, whatever standard_conforming_strings
  /// says): backslashes and quotes doubled.
  static func literal(_ text: String) -> String {
    let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "'", with: "''")
    return "E'" + escaped + "'"
  }
}
