import Foundation
import GRDB
import Subscriptions
import Testing

@testable import SubscriptionStore
@testable import SQLiteStore

@Suite struct StoreFileTests {
  @Test func newStoreIsPrivateFileInPrivateFolder() async throws {
    let base = NSTemporaryDirectory() + "smartconnect-mode-" + UUID().uuidString
    let path = base + "/data/smartconnect/smartconnect.sqlite"
    _ = try SQLiteStore(path: path)
    let file = try FileManager.default.attributesOfItem(atPath: path)
    let folder = try FileManager.default.attributesOfItem(atPath: base + "/data/smartconnect")
    let parent = try FileManager.default.attributesOfItem(atPath: base + "/data")
    #expect((file[.posixPermissions] as? Int) == 0o600)
    #expect((folder[.posixPermissions] as? Int) == 0o700)
    #expect((parent[.posixPermissions] as? Int) == 0o700)
  }

  @Test func storeRunsInWALMode() async throws {
    let temp = try TemporaryStore()
    let mode = try await DatabaseQueue(path: temp.path).read { db in
      try String.fetchOne(db, sql: "PRAGMA journal_mode")
    }
    #expect(mode == "wal")
  }

  @Test func defaultPathFollowsXDGDataHome() {
    #expect(
      StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "/srv/data", "HOME": "/home/a"])
        == "/srv/data/smartconnect/smartconnect.sqlite")
    #expect(
      StoreLocation.defaultPath(environment: ["HOME": "/home/a"])
        == "/home/a/.local/share/smartconnect/smartconnect.sqlite")
    // The XDG spec says a relative value is invalid and must be ignored.
    #expect(
      StoreLocation.defaultPath(environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/a"])
        == "/home/a/.local/share/smartconnect/smartconnect.sqlite")
  }

  @Test func reopeningKeepsTheData() async throws {
    let temp = try TemporaryStore()
    try await temp.store.addDevices(Fixture.devices(2), context: Fixture.context())
    #expect(try await temp.reopen().deviceCount(filter: "") == 2)
  }

  @Test func fileThatIsNotADatabaseIsRefusedAndLeftAlone() async throws {
    let temp = try TemporaryStore()
    let path = temp.folder + "/notes.sqlite"
    let text = Data(String(repeating: "serial,name\nAS1,UPS\n", count: 300).utf8)
    try text.write(to: URL(fileURLWithPath: path))
    await #expect(throws: StoreError.notADatabase(path: path)) { try SQLiteStore(path: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
  }

  @Test func storeFromANewerSchemaIsRefused() async throws {
    let temp = try TemporaryStore()
    try await DatabaseQueue(path: temp.path).write { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
    }
    #expect(throws: StoreError.newerSchema(path: temp.path)) { try temp.reopen() }
  }

  @Test func sqliteDatabaseOfAnotherProgramIsRefused() async throws {
    let temp = try TemporaryStore()
    let path = temp.folder + "/other.sqlite"
    try await DatabaseQueue(path: path).write { db in
      try db.execute(sql: "CREATE TABLE contacts (name TEXT)")
    }
    #expect {
      try SQLiteStore(path: path)
    } throws: { error in
      guard case .cannotOpen(_, let reason) = error as? StoreError else { return false }
      return reason == .otherProgramsDatabase
    }
    let tables = try await DatabaseQueue(path: path).read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    #expect(tables == ["contacts"])
  }

  /// Tests run as root here, so permission bits cannot make a folder unwritable; a folder
  /// that is a file and a read-only file system fail for root too.
  @Test func folderThatCannotBeWrittenIsRefusedWithItsReason() async throws {
    let temp = try TemporaryStore()
    let file = temp.folder + "/plain-file"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    #expect {
      try SQLiteStore(path: file + "/store.sqlite")
    } throws: { error in
      guard case .cannotOpen(_, let reason) = error as? StoreError else { return false }
      return reason == .notAFolder(folder: file)
    }
    #expect {
      try SQLiteStore(path: "/proc/smartconnect/store.sqlite")
    } throws: { error in
      guard case .cannotOpen(_, let reason) = error as? StoreError else { return false }
      switch reason {
      case .folderNotCreated(let folder, _), .folderNotWritable(let folder, _):
        return folder == "/proc/smartconnect"
      default:
        return false
      }
    }
  }

  @Test func folderGivenAsTheStoreIsRefusedWithAHint() async throws {
    let temp = try TemporaryStore()
    #expect {
      try SQLiteStore(path: temp.folder)
    } throws: { error in
      guard case .cannotOpen(_, let reason) = error as? StoreError else { return false }
      return reason == .isAFolder(example: temp.folder + "/smartconnect.sqlite")
    }
  }

  @Test(.enabled(if: getuid() != 0, "root ignores permission bits"))
  func readOnlyFolderIsRefused() async throws {
    let temp = try TemporaryStore()
    let folder = temp.folder + "/locked"
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
    #expect {
      try SQLiteStore(path: folder + "/store.sqlite")
    } throws: { error in
      guard case .cannotOpen(_, let reason) = error as? StoreError else { return false }
      guard case .folderNotWritable(let shown, _) = reason else { return false }
      return shown == folder
    }
  }

  @Test func codesNeverReachTheFileInTheClear() async throws {
    let temp = try TemporaryStore()
    let code = Fixture.code(7)
    try await temp.store.addDevices(Fixture.devices(1), context: Fixture.context())
    try await temp.store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 2), codes: [code], context: Fixture.context())
    _ = try await temp.store.activate(code, assigning: ["SN1"], dryRun: false, context: Fixture.context())
    // Fold the WAL into the main file so one read sees everything written.
    try await DatabaseQueue(path: temp.path).writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: temp.path))
    let compact = code.canonical.replacingOccurrences(of: "-", with: "")
    #expect(bytes.range(of: Data(code.canonical.utf8)) == nil)
    #expect(bytes.range(of: Data(compact.utf8)) == nil)
    #expect(bytes.range(of: Data(code.canonical.suffix(5).utf8)) != nil)
  }
}

@Suite struct MigrationTests {
  /// A store written by the first build (v1 only) opens in this one with its seats intact.
  @Test func v1StoreIsMigratedWithItsUsedSeatsCounted() async throws {
    let folder = NSTemporaryDirectory() + "smartconnect-v1-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/store.sqlite"
    var v1 = DatabaseMigrator()
    v1.registerMigration("v1") { db in try db.execute(sql: SQLiteStore.schemaV1) }
    let queue = try DatabaseQueue(path: path)
    try v1.migrate(queue)
    try await queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO device (serial, name, model, site, search, added_at)
          VALUES ('SN1', 'a', '', '', 'a', 0), ('SN2', 'b', '', '', 'b', 0),
                 ('SN3', 'c', '', '', 'c', 0);
          INSERT INTO code (id, digest, last_group, tier, term_months, seats, issued_at,
                            activated_at)
          VALUES (1, zeroblob(32), 'ABCDE', 'standard', 12, 2, 0, 0);
          INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
          VALUES ('SN1', 1, 'standard', 'new', 0, 100, 0);
          """)
    }
    try queue.close()
    let store = try SQLiteStore(path: path)
    #expect(try await store.activatedPlans().map(\.seatsLeft) == [1])
    _ = try await store.assign(planID: 1, to: ["SN2"], expected: nil, context: Fixture.context())
    await #expect(throws: StoreError.self) {
      try await store.assign(planID: 1, to: ["SN3"], expected: nil, context: Fixture.context())
    }
    let used = try await store.pool.read { db in
      try Int.fetchOne(db, sql: "SELECT seats_used FROM code WHERE id = 1")
    }
    #expect(used == 2)
  }
}
