import Foundation
import PostgresTestServer
import Testing

@testable import PostgresStore

/// The migrations against a real server: applied once under the advisory lock, recorded,
/// never edited, a newer schema refused, licenses and the audit trail append-only.
@Suite struct PostgresSchemaTests {
  func location(_ server: TestPostgres, _ database: String) throws -> PostgresLocation {
    try PostgresLocation.parse(
      server.url(database: database), .init(environment: [:], osUser: "t", home: nil)
    ).location
  }

  @Test func shippedMigrationsNeverChange() {
    // A migration, once shipped, is never edited: a change to one fails here. Add a new
    // migration instead (and its checksum below).
    let shipped = [
      "v1": "a56505275534e7c4454f5cb74b394fa003b60d74c91416251489450eca8a739e",
      "v2-device-total": "cdce8c77a1f024d7373382b4f1c356970089c011039fd657148a903b7767e820",
      "v3-search-trigrams": "706175843ee6caa19fad954ba8ae9ec6dee550e8b4f4f132beeaaa1c10be454d",
      "v4-seats-per-statement": "15a52a837cced235cc530cc9f56c047f15ed97763135779de186b0c8e3d0a5ad",
      "v5-device-grams": "f90617ec98ae17fb31a3f5edbf6dd2ea9b0dd96dc5028c1271aac7e3284b5a98",
      "v6-device-indexes-aside": "09e9bcd39f31299eceaf40f6875e10b86158331a55c32800ae22c941cea585b7",
    ]
    #expect(PostgresSchema.migrations.map(\.id) == shipped.keys.sorted())
    for migration in PostgresSchema.migrations {
      #expect(migration.checksum == shipped[migration.id], "migration \(migration.id) changed")
    }
  }

  @Test func technicansStartingAtOnceMigrateOnce() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.emptyDatabase()
    let location = try location(server, database)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<6 {
        group.addTask { try await PostgresSchema.migrate(location, home: nil) }
      }
      try await group.waitForAll()
    }
    let applied = try server.psql(
      "SELECT id FROM smartconnect.schema_migrations ORDER BY id", database: database)
    #expect(
      applied.split(separator: "\n")
        == [
          "v1", "v2-device-total", "v3-search-trigrams", "v4-seats-per-statement",
          "v5-device-grams", "v6-device-indexes-aside",
        ])
  }

  @Test func aNewerSchemaIsRefused() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    try server.psql(
      "INSERT INTO smartconnect.schema_migrations (id, checksum) VALUES ('v99-future', 'x')",
      database: database)
    await #expect {
      try await PostgresSchema.migrate(location(server, database), home: nil)
    } throws: { error in
      if case PostgresFailure.newerSchema = error { return true }
      return false
    }
  }

  @Test func licensesAndTheAuditTrailAreAppendOnly() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    try server.psql(
      """
      SET search_path = smartconnect;
      INSERT INTO device VALUES ('SN1', 'UPS 1', 'm', 's', 'ups 1', 0);
      INSERT INTO code (digest, last_group, tier, term_months, seats, issued_at, activated_at)
        VALUES (decode(repeat('ab', 32), 'hex'), 'ABCDE', 'standard', 12, 1, 0, 0);
      INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
        VALUES ('SN1', 1, 'standard', 'new', 0, 10, 0);
      INSERT INTO audit (at, operator, host, action, detail) VALUES (0, 'a', 'h', 'x', 'd');
      """, database: database)
    let refusals = [
      ("UPDATE smartconnect.license SET ends_at = 20", "a confirmed license never changes"),
      ("DELETE FROM smartconnect.license", "a confirmed license is never deleted"),
      ("TRUNCATE smartconnect.license CASCADE", "a confirmed license is never deleted"),
      ("UPDATE smartconnect.audit SET detail = 'x'", "the audit trail is append-only"),
      ("DELETE FROM smartconnect.audit", "the audit trail is append-only"),
      ("TRUNCATE smartconnect.audit", "the audit trail is append-only"),
    ]
    for (statement, message) in refusals {
      #expect {
        try server.psql(statement, database: database)
      } throws: { error in
        String(describing: error).contains(message)
      }
    }
  }

  @Test func theSeatCounterRefusesASeatBeyondThePlan() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    try server.psql(
      """
      SET search_path = smartconnect;
      INSERT INTO device VALUES ('SN1', 'a', 'm', 's', 'a', 0), ('SN2', 'b', 'm', 's', 'b', 0);
      INSERT INTO code (digest, last_group, tier, term_months, seats, issued_at, activated_at)
        VALUES (decode(repeat('ab', 32), 'hex'), 'ABCDE', 'standard', 12, 1, 0, 0),
               (decode(repeat('cd', 32), 'hex'), 'FGHJK', 'standard', 12, 5, 0, NULL);
      INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
        VALUES ('SN1', 1, 'standard', 'new', 0, 10, 0);
      """, database: database)
    let insert = """
      INSERT INTO smartconnect.license (device, code_id, tier, kind, starts_at, ends_at,
        confirmed_at) VALUES ('SN2', %d, 'standard', 'new', 0, 10, 0)
      """
    #expect {
      try server.psql(String(format: insert, 1), database: database)
    } throws: { String(describing: $0).contains("no seats left on this code") }
    #expect {
      try server.psql(String(format: insert, 2), database: database)
    } throws: { String(describing: $0).contains("the code is not activated") }
    let used = try server.psql(
      "SELECT seats_used FROM smartconnect.code ORDER BY id", database: database)
    #expect(used.split(separator: "\n") == ["1", "0"])
  }

  /// Many licenses in one INSERT (a confirm of many devices) are counted in one go: all of
  /// them when they fit the plan's seats, none when one would not.
  @Test func oneInsertOfManyLicensesTakesItsSeatsAllOrNone() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    try server.psql(
      """
      SET search_path = smartconnect;
      INSERT INTO device SELECT 'SN' || n, 'd', 'm', 's', 'd', 0 FROM generate_series(1, 6) n;
      INSERT INTO code (digest, last_group, tier, term_months, seats, issued_at, activated_at)
        VALUES (decode(repeat('ab', 32), 'hex'), 'ABCDE', 'standard', 12, 5, 0, 0),
               (decode(repeat('cd', 32), 'hex'), 'FGHJK', 'standard', 12, 5, 0, 0);
      """, database: database)
    let insert = """
      INSERT INTO smartconnect.license (device, code_id, tier, kind, starts_at, ends_at,
        confirmed_at)
      SELECT 'SN' || n, %d, 'standard', 'new', 0, 10, 0 FROM generate_series(1, %d) n
      """
    #expect {
      try server.psql(String(format: insert, 1, 6), database: database)
    } throws: { String(describing: $0).contains("no seats left on this code") }
    try server.psql(String(format: insert, 2, 3), database: database)
    try server.psql(String(format: insert, 2, 2), database: database)
    let counted = try server.psql(
      """
      SELECT seats_used, (SELECT count(*) FROM smartconnect.license l WHERE l.code_id = c.id)
      FROM smartconnect.code c ORDER BY id
      """, database: database)
    #expect(counted.split(separator: "\n") == ["0|0", "5|5"])
    #expect {
      try server.psql(String(format: insert, 2, 1), database: database)
    } throws: { String(describing: $0).contains("no seats left on this code") }
  }
}
