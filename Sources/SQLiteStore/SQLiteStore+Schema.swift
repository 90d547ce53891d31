import GRDB
import SubscriptionStore

extension SQLiteStore {
  /// The schema, as migrations that never change once shipped: a new need is a new
  /// migration appended at the end. A store that has applied a migration this list does not
  /// know was written by a newer build and is refused rather than guessed at.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(sql: schemaV1)
    }
    migrator.registerMigration("v2-seat-counter") { db in
      try db.execute(sql: schemaV2)
    }
    migrator.registerMigration("v3-device-total") { db in
      try db.execute(sql: schemaV3)
    }
    migrator.registerMigration("v4-search-trigrams") { db in
      try db.execute(sql: schemaV4)
    }
    migrator.registerMigration("v5-bulk-device-load") { db in
      try db.execute(sql: schemaV5)
    }
    migrator.registerMigration("v6-device-grams") { db in
      try db.execute(sql: schemaV6)
      var grams = DeviceGrams()
      let searches = try String.fetchCursor(db, sql: "SELECT search FROM device")
      while let search = try searches.next() { grams.add(search) }
      try addGrams(db, grams)
    }
    return migrator
  }

  /// Instants are whole seconds since 1970 (UTC); codes are kept only as a SHA-256 digest of
  /// their canonical form plus the last group that the masked form shows.
  static let schemaV1 = """
    CREATE TABLE device (
      serial TEXT NOT NULL PRIMARY KEY,
      name TEXT NOT NULL,
      model TEXT NOT NULL,
      site TEXT NOT NULL,
      -- lower-cased name, serial, model and site, separated by U+001F, for the list filter
      search TEXT NOT NULL,
      added_at INTEGER NOT NULL
    );
    -- The overview order; also lets a window of the list be read without sorting.
    CREATE INDEX device_overview_order ON device(site, name, serial);

    CREATE TABLE code (
      id INTEGER PRIMARY KEY,
      digest BLOB NOT NULL UNIQUE CHECK (length(digest) = 32),
      last_group TEXT NOT NULL CHECK (length(last_group) = 5),
      tier TEXT NOT NULL CHECK (tier IN ('standard', 'advanced')),
      term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 1200),
      seats INTEGER NOT NULL CHECK (seats >= 1),
      redeem_by INTEGER,
      issued_at INTEGER NOT NULL,
      activated_at INTEGER
    );
    CREATE INDEX code_by_activation ON code(activated_at) WHERE activated_at IS NOT NULL;

    CREATE TABLE license (
      id INTEGER PRIMARY KEY,
      device TEXT NOT NULL REFERENCES device(serial),
      code_id INTEGER NOT NULL REFERENCES code(id),
      tier TEXT NOT NULL CHECK (tier IN ('standard', 'advanced')),
      kind TEXT NOT NULL CHECK (kind IN ('new', 'extension', 'upgrade', 'downgrade')),
      starts_at INTEGER NOT NULL,
      ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
      confirmed_at INTEGER NOT NULL
    );
    CREATE INDEX license_by_device ON license(device, starts_at);
    CREATE INDEX license_by_code ON license(code_id);

    -- Second line of defence behind the Swift checks: no seat beyond the plan's seats, no
    -- seat of a code that is not activated, and a confirmed license never changes.
    CREATE TRIGGER license_within_seats BEFORE INSERT ON license
    WHEN (SELECT count(*) FROM license WHERE code_id = NEW.code_id)
      >= (SELECT seats FROM code WHERE id = NEW.code_id)
    BEGIN
      SELECT RAISE(ABORT, 'no seats left on this code');
    END;
    CREATE TRIGGER license_needs_activated_code BEFORE INSERT ON license
    WHEN (SELECT activated_at FROM code WHERE id = NEW.code_id) IS NULL
    BEGIN
      SELECT RAISE(ABORT, 'the code is not activated');
    END;
    CREATE TRIGGER license_never_changes BEFORE UPDATE ON license
    BEGIN
      SELECT RAISE(ABORT, 'a confirmed license never changes');
    END;
    CREATE TRIGGER license_never_deleted BEFORE DELETE ON license
    BEGIN
      SELECT RAISE(ABORT, 'a confirmed license is never deleted');
    END;

    -- Append-only: who did what, from where, when. Codes appear masked only.
    CREATE TABLE audit (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      operator TEXT NOT NULL,
      host TEXT NOT NULL,
      action TEXT NOT NULL,
      code TEXT,
      device TEXT,
      detail TEXT NOT NULL
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN
      SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN
      SELECT RAISE(ABORT, 'the audit trail is append-only');
    END;
    """

  /// v1's seat trigger counted a code's licenses on every insert, so assigning one code to
  /// 30 000 devices took 30 000²/2 index steps. The plan's used seats are now a counter
  /// kept by a trigger, checked in O(1).
  static let schemaV2 = """
    ALTER TABLE code ADD COLUMN seats_used INTEGER NOT NULL DEFAULT 0;
    UPDATE code SET seats_used = (SELECT count(*) FROM license WHERE code_id = code.id);
    DROP TRIGGER license_within_seats;
    CREATE TRIGGER license_takes_a_seat AFTER INSERT ON license
    BEGIN
      UPDATE code SET seats_used = seats_used + 1 WHERE id = NEW.code_id;
    END;
    CREATE TRIGGER code_seats_within_plan BEFORE UPDATE OF seats_used ON code
    WHEN NEW.seats_used > NEW.seats
    BEGIN
      SELECT RAISE(ABORT, 'no seats left on this code');
    END;
    """

  /// The wizard shows the number of devices on every start and after every confirm;
  /// `count(*)` reads the whole overview index for it (a million entries), so the number is
  /// kept by trigger instead, read in O(1).
  static let schemaV3 = """
    CREATE TABLE device_total (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      devices INTEGER NOT NULL CHECK (devices >= 0)
    );
    INSERT INTO device_total (id, devices) SELECT 1, count(*) FROM device;
    CREATE TRIGGER device_counted AFTER INSERT ON device
    BEGIN
      UPDATE device_total SET devices = devices + 1 WHERE id = 1;
    END;
    CREATE TRIGGER device_uncounted AFTER DELETE ON device
    BEGIN
      UPDATE device_total SET devices = devices - 1 WHERE id = 1;
    END;
    """

  /// The list filter is a substring of the lower-cased `search` text; an FTS5 index of its
  /// trigrams (SQLite ≥ 3.34) finds a needle of three code points or more without reading
  /// every device. External content: the text is stored once, in `device`. Case-sensitive
  /// on text already lower-cased, so a phrase of the needle's trigrams matches exactly
  /// where `instr` does.
  static let schemaV4 = """
    CREATE VIRTUAL TABLE device_search USING fts5(
      search, content = 'device', content_rowid = 'rowid',
      tokenize = 'trigram case_sensitive 1'
    );
    INSERT INTO device_search (device_search) VALUES ('rebuild');
    CREATE TRIGGER device_search_added AFTER INSERT ON device
    BEGIN
      INSERT INTO device_search (rowid, search) VALUES (NEW.rowid, NEW.search);
    END;
    CREATE TRIGGER device_search_removed AFTER DELETE ON device
    BEGIN
      INSERT INTO device_search (device_search, rowid, search)
      VALUES ('delete', OLD.rowid, OLD.search);
    END;
    CREATE TRIGGER device_search_changed AFTER UPDATE OF search ON device
    BEGIN
      INSERT INTO device_search (device_search, rowid, search)
      VALUES ('delete', OLD.rowid, OLD.search);
      INSERT INTO device_search (rowid, search) VALUES (NEW.rowid, NEW.search);
    END;
    """

  /// FTS5 writes its pending index to disk at the end of every statement that touches it, so
  /// v4's trigger, one INSERT per device, wrote a million tiny index segments for an import
  /// of a million rows and merged them again (331 s). While `device_load` holds its row (only
  /// inside an import's own transaction, so no reader ever sees it) the per-row triggers
  /// stand aside and the import indexes and counts its rows with one statement each at the
  /// end (`SQLiteStore.addDevices`). Any other insert is indexed and counted as before.
  static let schemaV5 = """
    CREATE TABLE device_load (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      -- the rowid of the load's first device: its devices are those from here on
      first_rowid INTEGER NOT NULL
    );
    DROP TRIGGER device_search_added;
    CREATE TRIGGER device_search_added AFTER INSERT ON device
    WHEN NOT EXISTS (SELECT 1 FROM device_load)
    BEGIN
      INSERT INTO device_search (rowid, search) VALUES (NEW.rowid, NEW.search);
    END;
    DROP TRIGGER device_counted;
    CREATE TRIGGER device_counted AFTER INSERT ON device
    WHEN NOT EXISTS (SELECT 1 FROM device_load)
    BEGIN
      UPDATE device_total SET devices = devices + 1 WHERE id = 1;
    END;
    """

  /// A filter of one or two characters holds no trigram, and counting its matches read every
  /// device (150 ms at a million). `device_gram` keeps, for each run of one or two code
  /// points, how many devices' search text holds it: a load adds its own tally
  /// (`DeviceGrams`) in one statement per run; any other insert, delete or change of a
  /// device is counted by these triggers, run by run. Filled from the devices already there
  /// when the migration runs.
  static let schemaV6 = """
    CREATE TABLE device_gram (
      gram TEXT NOT NULL PRIMARY KEY,
      devices INTEGER NOT NULL CHECK (devices >= 0)
    ) WITHOUT ROWID;
    CREATE TRIGGER device_grams_added AFTER INSERT ON device
    WHEN NOT EXISTS (SELECT 1 FROM device_load)
    BEGIN
    \(gramsCountedIn("NEW.search"))
    END;
    CREATE TRIGGER device_grams_removed AFTER DELETE ON device
    BEGIN
    \(gramsCountedOut("OLD.search"))
    END;
    CREATE TRIGGER device_grams_changed AFTER UPDATE OF search ON device
    BEGIN
    \(gramsCountedOut("OLD.search"))
    \(gramsCountedIn("NEW.search"))
    END;
    """

  /// The trigger statements that add one device to the count of each run of one and two
  /// code points of `text` (`NEW.search`), the runs `DeviceGrams` tallies for a load.
  private static func gramsCountedIn(_ text: String) -> String {
    """
      INSERT INTO device_gram (gram, devices)
      WITH RECURSIVE position(n) AS (
        SELECT 1 UNION ALL SELECT n + 1 FROM position WHERE n < length(\(text))
      )
      SELECT gram, 1 FROM (
        SELECT substr(\(text), n, 1) AS gram FROM position
        UNION SELECT substr(\(text), n, 2) FROM position WHERE n < length(\(text))
      ) WHERE true
      ON CONFLICT (gram) DO UPDATE SET devices = devices + 1;
    """
  }

  /// The trigger statements that take one device off those counts for `text`
  /// (`OLD.search`), and drop the runs no device holds any more.
  private static func gramsCountedOut(_ text: String) -> String {
    """
      UPDATE device_gram SET devices = devices - 1 WHERE gram IN (
        WITH RECURSIVE position(n) AS (
          SELECT 1 UNION ALL SELECT n + 1 FROM position WHERE n < length(\(text))
        )
        SELECT substr(\(text), n, 1) FROM position
        UNION SELECT substr(\(text), n, 2) FROM position WHERE n < length(\(text))
      );
      DELETE FROM device_gram WHERE devices = 0;
    """
  }

  /// Adds a tally of devices' runs to `device_gram`.
  static func addGrams(_ db: Database, _ grams: DeviceGrams) throws {
    let upsert = try db.cachedStatement(
      sql: """
        INSERT INTO device_gram (gram, devices) VALUES (?, ?)
        ON CONFLICT (gram) DO UPDATE SET devices = devices + excluded.devices
        """)
    for (gram, devices) in grams.counts {
      try upsert.execute(arguments: [gram, devices])
    }
  }
}
