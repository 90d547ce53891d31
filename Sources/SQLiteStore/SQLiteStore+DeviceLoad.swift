import GRDB
import SubscriptionStore
import Subscriptions

// MARK: - Loading many devices at once (an import)

extension SQLiteStore {
  /// Rows from which a load takes a larger page cache, sets aside the per-row upkeep of
  /// `device` (`withoutRowUpkeep`) and gives FTS5 a larger pending index: below it the
  /// defaults cost little.
  static let largeLoad = 10_000
  /// The page cache of a large load, in KiB: the overview and serial indexes take their rows
  /// in random order, and a cache smaller than their working set spills dirty pages to the
  /// WAL and reads them back, over and over.
  static let largeLoadCacheKiB = 65_536
  /// FTS5's pending index during a large load, in bytes (its default is 1 MiB). Each time
  /// the pending index fills it is written as a new segment, and FTS5 merges segments as they
  /// pile up: at the default, indexing a million devices took 12 s; at 64 MiB, 6 s (256 MiB
  /// saved little more, for 75 MB more memory).
  static let largeLoadIndexBytes = 64 << 20
  /// FTS5's own default size of the pending index, restored after a large load.
  static let defaultIndexBytes = 1 << 20

  /// Inserts `devices` as one load (inside the caller's transaction): v5's `device_load` row
  /// holds back the per-row triggers (a large load also sets them aside, `withoutRowUpkeep`),
  /// and the trigram index, the device total and the run counts take the load's rows in one
  /// statement each at the end. FTS5 flushes its pending index at the end of every
  /// statement, so a row-by-row index wrote one segment per device.
  static func load(_ db: Database, _ devices: [Device], addedAt now: Int64) throws {
    let first =
      try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) + 1 FROM device") ?? 1
    try db.execute(
      sql: "INSERT INTO device_load (id, first_rowid) VALUES (1, ?)", arguments: [first])
    var grams = DeviceGrams()
    let isLarge = devices.count >= largeLoad
    if isLarge {
      let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
      try db.execute(sql: "PRAGMA cache_size = -\(largeLoadCacheKiB)")
      defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
      let stored = try Int.fetchOne(db, sql: "SELECT devices FROM device_total WHERE id = 1") ?? 0
      try withoutRowUpkeep(db, rebuildingOverviewIndex: devices.count >= stored) {
        try insert(db, devices, addedAt: now, grams: &grams)
      }
    } else {
      try insert(db, devices, addedAt: now, grams: &grams)
    }
    // New rows take the rowids after the largest (no AUTOINCREMENT, and the largest is far
    // from 2⁶³), so the load's rows are those from `first` on; checked rather than assumed.
    let added =
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM device WHERE rowid >= ?", arguments: [first]) ?? 0
    guard added == devices.count else {
      throw StoreError.failed(
        reason: .unexpected(
          detail: "\(devices.count) devices inserted, \(added) found after row \(first)"))
    }
    // FTS5 keeps this setting in its config table; set back to its default before commit.
    if isLarge { try setPendingIndexSize(db, largeLoadIndexBytes) }
    try db.execute(
      sql: """
        INSERT INTO device_search (rowid, search)
        SELECT rowid, search FROM device WHERE rowid >= ?
        """, arguments: [first])
    if isLarge { try setPendingIndexSize(db, defaultIndexBytes) }
    try db.execute(
      sql: "UPDATE device_total SET devices = devices + ? WHERE id = 1", arguments: [added])
    try addGrams(db, grams)
    try db.execute(sql: "DELETE FROM device_load")
  }

  /// The insert triggers of `device` whose work a load does once at its end (the trigram
  /// index, the device total, the run counts).
  static let loadSkippedTriggers = ["device_search_added", "device_counted", "device_grams_added"]

  /// Runs `body` (a large load's inserts) with the load-skipped triggers dropped, and, when
  /// `rebuildingOverviewIndex`, the overview index too; then creates them again from their
  /// own text in `sqlite_master`. All inside the load's transaction: no other connection ever
  /// sees them missing, and a load that fails or is cut short rolls back with them in place.
  ///
  /// v5's WHEN clause made those triggers skip a load's rows, but SQLite still ran each one's
  /// program, three per row; and a million rows placed one by one in the overview index land
  /// in random places. Measured at a million devices, the inserts took 10.5 s of CPU with
  /// both, 2.6 s without, and building the index afterwards (one sort) 2.5 s. The index is dropped
  /// only for a load at least as large as the table, where one sort of the whole table costs
  /// less than placing the new rows.
  static func withoutRowUpkeep(
    _ db: Database, rebuildingOverviewIndex: Bool, _ body: () throws -> Void
  ) throws {
    let names = loadSkippedTriggers + (rebuildingOverviewIndex ? ["device_overview_order"] : [])
    let objects = try Row.fetchAll(
      db,
      sql: """
        SELECT type, name, sql FROM sqlite_master
        WHERE tbl_name = 'device' AND type IN ('trigger', 'index') AND sql IS NOT NULL
          AND name IN (\(databaseQuestionMarks(count: names.count)))
        """, arguments: StatementArguments(names))
    for object in objects {
      let type: String = object["type"]
      let name: String = object["name"]
      let kind = type == "index" ? "INDEX" : "TRIGGER"
      try db.execute(sql: "DROP \(kind) \(name.quotedDatabaseIdentifier)")
    }
    try body()
    for object in objects {
      try db.execute(sql: object["sql"])
    }
  }

  /// Sets the size at which FTS5 writes the trigram index's pending entries as a segment.
  private static func setPendingIndexSize(_ db: Database, _ bytes: Int) throws {
    try db.execute(
      sql: "INSERT INTO device_search (device_search, rank) VALUES ('hashsize', ?)",
      arguments: [bytes])
  }

  private static func insert(
    _ db: Database, _ devices: [Device], addedAt now: Int64, grams: inout DeviceGrams
  ) throws {
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO device (serial, name, model, site, search, added_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for device in devices {
      let search = DeviceSearch.text(of: device)
      grams.add(search)
      do {
        try insert.execute(arguments: [
          device.serial, device.name, device.model, device.site, search, now,
        ])
      } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
        throw StoreError.deviceExists(serial: device.serial)
      }
    }
  }
}
