import Crypto
import Foundation

/// The shared store's schema, as migrations that never change once shipped (a test pins
/// each one's SHA-256): a new need is a new migration appended at the end.
///
/// The tables are SQLite's (`SQLiteStore+Schema.swift`) in PostgreSQL's words: the same
/// columns (instants as whole seconds since 1970), the seat counter checked on every
/// license, licenses and the audit trail append-only by trigger, plus `write_id`: the id of
/// every committed write, by which a commit whose answer was lost is looked up. Text sorts
/// and compares byte by byte (`COLLATE "C"`), as in SQLite, so both stores list a fleet in
/// the same order whatever the database's locale.
public enum PostgresSchema {
  /// Everything lives in this schema, so a database shared with other programs keeps apart.
  public static let name = "smartconnect"

  /// One step of the schema's history.
  public struct Migration: Sendable {
    public let id: String
    /// One statement each (the extended query protocol runs one at a time).
    public let statements: [String]
    /// SHA-256 of the statements, recorded when applied.
    public var checksum: String {
      SHA256.hash(data: Data(statements.joined(separator: ";\n").utf8))
        .map { String(format: "%02x", $0) }.joined()
    }
  }

  /// Every migration, oldest first.
  public static let migrations: [Migration] = [
    Migration(id: "v1", statements: v1),
    Migration(id: "v2-device-total", statements: v2),
    Migration(id: "v3-search-trigrams", statements: v3),
    Migration(id: "v4-seats-per-statement", statements: v4),
    Migration(id: "v5-device-grams", statements: v5),
    Migration(id: "v6-device-indexes-aside", statements: v6),
  ]

  /// The key of the advisory lock that migrations run under (per database).
  static let migrationLock: Int64 = 0x736D_6172_7463_6F6E  // "smartcon"

  /// Created before any migration, outside the list (it records the list).
  static let bookkeeping = [
    "CREATE SCHEMA IF NOT EXISTS smartconnect",
    """
    CREATE TABLE IF NOT EXISTS smartconnect.schema_migrations (
      id TEXT PRIMARY KEY,
      checksum TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )
    """,
  ]

  static let v1: [String] = [
    // lower-cased name, serial, model and site, separated by U+001F, for the list filter
    """
    CREATE TABLE device (
      serial TEXT COLLATE "C" NOT NULL PRIMARY KEY,
      name TEXT COLLATE "C" NOT NULL,
      model TEXT COLLATE "C" NOT NULL,
      site TEXT COLLATE "C" NOT NULL,
      search TEXT COLLATE "C" NOT NULL,
      added_at BIGINT NOT NULL
    )
    """,
    "CREATE INDEX device_overview_order ON device (site, name, serial)",
    // kept by license_takes_a_seat (v4: licenses_take_seats): the seat check is O(1) however
    // many seats are used
    """
    CREATE TABLE code (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      digest BYTEA NOT NULL UNIQUE CHECK (length(digest) = 32),
      last_group TEXT COLLATE "C" NOT NULL CHECK (length(last_group) = 5),
      tier TEXT NOT NULL CHECK (tier IN ('standard', 'advanced')),
      term_months INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 1200),
      seats INTEGER NOT NULL CHECK (seats >= 1),
      seats_used INTEGER NOT NULL DEFAULT 0 CHECK (seats_used BETWEEN 0 AND seats),
      redeem_by BIGINT,
      issued_at BIGINT NOT NULL,
      activated_at BIGINT
    )
    """,
    "CREATE INDEX code_by_activation ON code (activated_at) WHERE activated_at IS NOT NULL",
    """
    CREATE TABLE license (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      device TEXT COLLATE "C" NOT NULL REFERENCES device (serial),
      code_id BIGINT NOT NULL REFERENCES code (id),
      tier TEXT NOT NULL CHECK (tier IN ('standard', 'advanced')),
      kind TEXT NOT NULL CHECK (kind IN ('new', 'extension', 'upgrade', 'downgrade')),
      starts_at BIGINT NOT NULL,
      ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
      confirmed_at BIGINT NOT NULL
    )
    """,
    "CREATE INDEX license_by_device ON license (device, starts_at)",
    "CREATE INDEX license_by_code ON license (code_id)",
    // Second line of defence behind the checks in Swift: no seat of a code that is not
    // activated, none beyond its seats. SECURITY DEFINER: a technician's role may not
    // update seats_used itself.
    """
    CREATE FUNCTION license_takes_a_seat() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    BEGIN
      IF (SELECT activated_at FROM code WHERE id = NEW.code_id) IS NULL THEN
        RAISE EXCEPTION 'the code is not activated';
      END IF;
      UPDATE code SET seats_used = seats_used + 1
      WHERE id = NEW.code_id AND seats_used < seats;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'no seats left on this code';
      END IF;
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER license_takes_a_seat BEFORE INSERT ON license
    FOR EACH ROW EXECUTE FUNCTION license_takes_a_seat()
    """,
    // A confirmed license never changes and is never deleted; the audit trail is
    // append-only. The message is the trigger's argument.
    """
    CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '%', TG_ARGV[0];
    END
    $$
    """,
    """
    CREATE TRIGGER license_never_changes BEFORE UPDATE ON license
    FOR EACH ROW EXECUTE FUNCTION refuse_change('a confirmed license never changes')
    """,
    """
    CREATE TRIGGER license_never_deleted BEFORE DELETE ON license
    FOR EACH ROW EXECUTE FUNCTION refuse_change('a confirmed license is never deleted')
    """,
    """
    CREATE TRIGGER license_never_truncated BEFORE TRUNCATE ON license
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('a confirmed license is never deleted')
    """,
    // An activated code stays activated at the instant it was activated.
    """
    CREATE TRIGGER code_activated_once BEFORE UPDATE OF activated_at ON code
    FOR EACH ROW WHEN (OLD.activated_at IS NOT NULL
                       AND NEW.activated_at IS DISTINCT FROM OLD.activated_at)
    EXECUTE FUNCTION refuse_change('an activated code stays activated')
    """,
    // An assignment locks the devices' rows in serial order (two confirms never deadlock).
    // SECURITY DEFINER: FOR UPDATE needs UPDATE rights, which a technician has on no column
    // of device.
    """
    CREATE FUNCTION lock_devices(serials TEXT[]) RETURNS SETOF TEXT
    LANGUAGE sql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
      SELECT serial FROM device WHERE serial = ANY(serials) ORDER BY serial FOR UPDATE
    $$
    """,
    // Append-only: who did what, from where, when. Codes appear masked only.
    """
    CREATE TABLE audit (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at BIGINT NOT NULL,
      operator TEXT NOT NULL,
      host TEXT NOT NULL,
      action TEXT NOT NULL,
      code TEXT,
      device TEXT,
      detail TEXT NOT NULL
    )
    """,
    """
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit trail is append-only')
    """,
    """
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION refuse_change('the audit trail is append-only')
    """,
    """
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('the audit trail is append-only')
    """,
    // The id of every committed write (WriteContext.writeID), written in the same
    // transaction: after a link dropped during COMMIT, its presence says whether it happened.
    """
    CREATE TABLE write_id (
      id UUID PRIMARY KEY,
      at BIGINT NOT NULL
    )
    """,
  ]

  /// The number of devices, kept by a statement trigger: the wizard shows it on every start,
  /// and `count(*)` over a million devices reads them all (over the network for a shared
  /// store's server, and under MVCC no index answers it alone).
  static let v2: [String] = [
    """
    CREATE TABLE device_total (
      id BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
      devices BIGINT NOT NULL CHECK (devices >= 0)
    )
    """,
    "INSERT INTO device_total (id, devices) SELECT true, count(*) FROM device",
    // Readable by whoever may use the schema (the technician role was granted SELECT on the
    // tables that existed when `store init` ran; a number of devices is no secret).
    "GRANT SELECT ON device_total TO PUBLIC",
    // SECURITY DEFINER: a technician may add devices but not update the total itself. One
    // UPDATE per statement (an import of a million rows is one statement), not per row.
    """
    CREATE FUNCTION count_devices() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE device_total SET devices = devices + (SELECT count(*) FROM changed);
      ELSE
        UPDATE device_total SET devices = devices - (SELECT count(*) FROM changed);
      END IF;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER device_counted AFTER INSERT ON device
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_devices()
    """,
    """
    CREATE TRIGGER device_uncounted AFTER DELETE ON device
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_devices()
    """,
    // A plan's first holders in assignment order without sorting all its licenses.
    "CREATE INDEX license_in_code_order ON license (code_id, id)",
  ]

  /// The list filter is a substring of the lower-cased `search` text; a GIN index of its
  /// trigrams (the pg_trgm extension, shipped with PostgreSQL's contrib, trusted since 13 so
  /// a database owner running `store init` may create it) finds a needle of three code
  /// points or more without reading every device. LIKE rechecks each candidate exactly.
  /// Where pg_trgm is installed already (in another schema), its operator class is used
  /// from there.
  static let v3: [String] = [
    """
    DO $$
    DECLARE
      home TEXT;
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA smartconnect;
      SELECT nspname INTO home FROM pg_extension JOIN pg_namespace ON pg_namespace.oid = extnamespace
      WHERE extname = 'pg_trgm';
      EXECUTE format(
        'CREATE INDEX device_search_trigrams ON smartconnect.device USING gin (search %I.gin_trgm_ops)',
        home);
    END
    $$
    """
  ]

  /// The seat counter, once per statement instead of once per license: v1's row trigger
  /// updated the code's row once for each license inserted, and in one transaction every such
  /// update walks the versions the earlier ones left, so assigning n seats at once cost n²
  /// (30 000 devices took longer than the statement timeout). Now one UPDATE per code per
  /// INSERT, from the statement's transition table; the same refusals, the same messages.
  /// The plan's row is locked by the write before it inserts, so the check and the count
  /// cannot race.
  static let v4: [String] = [
    """
    CREATE FUNCTION licenses_take_seats() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    DECLARE
      taken RECORD;
    BEGIN
      FOR taken IN SELECT code_id, count(*) AS licenses FROM added GROUP BY code_id ORDER BY code_id
      LOOP
        IF (SELECT activated_at FROM code WHERE id = taken.code_id) IS NULL THEN
          RAISE EXCEPTION 'the code is not activated';
        END IF;
        UPDATE code SET seats_used = seats_used + taken.licenses
        WHERE id = taken.code_id AND seats_used + taken.licenses <= seats;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'no seats left on this code';
        END IF;
      END LOOP;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER licenses_take_seats AFTER INSERT ON license
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION licenses_take_seats()
    """,
    "DROP TRIGGER license_takes_a_seat ON license",
    "DROP FUNCTION license_takes_a_seat()",
  ]

  /// A filter of one or two characters holds no trigram, and counting its matches read every
  /// device. `device_gram` keeps, for each run of one or two code points, how many devices'
  /// search text holds it. A statement trigger counts the runs of the rows any statement
  /// adds or removes, except while an import has set `smartconnect.device_load` for its
  /// transaction: the import then adds the tally it made as it read the rows
  /// (`add_device_grams`), instead of the server cutting a million texts into runs again.
  /// Runs are counted once per device, in code points (as `strpos` compares them). Filled
  /// from the devices already there (`fillDeviceGrams`).
  static let v5: [String] = [
    """
    CREATE TABLE device_gram (
      gram TEXT COLLATE "C" NOT NULL PRIMARY KEY,
      devices BIGINT NOT NULL CHECK (devices >= 0)
    )
    """,
    "GRANT SELECT ON device_gram TO PUBLIC",
    """
    CREATE FUNCTION device_runs(search TEXT) RETURNS SETOF TEXT
    LANGUAGE sql IMMUTABLE STRICT AS $$
      SELECT DISTINCT substr(search, n, size)
      FROM generate_series(1, length(search)) AS n, (VALUES (1), (2)) AS sizes (size)
      WHERE n + size - 1 <= length(search)
    $$
    """,
  ] + fillDeviceGrams + [
    """
    CREATE FUNCTION count_device_grams() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE device_gram SET devices = device_gram.devices - gone.devices
        FROM (SELECT run, count(*) AS devices FROM removed, device_runs(removed.search) AS run
              GROUP BY run) AS gone
        WHERE device_gram.gram = gone.run;
        DELETE FROM device_gram WHERE devices = 0;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE')
         AND coalesce(current_setting('smartconnect.device_load', true), '') <> 'on' THEN
        INSERT INTO device_gram (gram, devices)
        SELECT run, count(*) FROM added, device_runs(added.search) AS run
        GROUP BY run ORDER BY run
        ON CONFLICT (gram) DO UPDATE SET devices = device_gram.devices + EXCLUDED.devices;
      END IF;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER device_grams_added AFTER INSERT ON device
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_device_grams()
    """,
    """
    CREATE TRIGGER device_grams_removed AFTER DELETE ON device
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_device_grams()
    """,
    """
    CREATE TRIGGER device_grams_changed AFTER UPDATE ON device
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION count_device_grams()
    """,
    // An import's own tally, in gram order (two imports at once lock the rows in one order).
    // A technician may add devices, so may add their counts; nothing else is writable here.
    """
    CREATE FUNCTION add_device_grams(grams TEXT[], counts BIGINT[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
      INSERT INTO device_gram (gram, devices)
      SELECT gram, added FROM unnest(grams, counts) AS tally (gram, added)
      WHERE added > 0 ORDER BY gram COLLATE "C"
      ON CONFLICT (gram) DO UPDATE SET devices = device_gram.devices + EXCLUDED.devices
    $$
    """,
  ]

  /// An import much larger than the table builds the device table's non-unique indexes (the
  /// overview order, the trigrams) once at its end instead of placing every row in them: at a
  /// million devices into an empty table, the server spent 30 s of CPU on the rows with the
  /// indexes kept (the trigram index about two thirds of it), and 4-6 s on the rows plus 1.2 s
  /// and 10-11 s on building the two indexes without. `set_device_indexes_aside` decides,
  /// records each index's own definition and drops it; `put_device_indexes_back` creates them
  /// again from that text. Both run inside the import's transaction: an import that fails
  /// rolls back with the indexes in place, and a transaction that set them aside without
  /// putting them back gets them back at its commit (a deferred trigger). While they are
  /// aside the table is locked (DROP INDEX): other sessions' reads of it wait for the commit.
  ///
  /// The rule: at least 10 000 rows, at least twice as many as the table holds (rebuilding
  /// costs about 11 s a million rows of the whole table, placing rows about 25 s a million
  /// new ones), and at most 1 500 000 rows in the table afterwards (one statement builds the
  /// trigram index, and a statement may take 30 s). SECURITY DEFINER: only the table's owner
  /// may drop its indexes, and a technician may add devices.
  static let v6: [String] = [
    """
    CREATE TABLE device_index_aside (
      name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
      definition TEXT NOT NULL
    )
    """,
    """
    CREATE FUNCTION put_device_indexes_back() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    DECLARE
      aside RECORD;
    BEGIN
      FOR aside IN SELECT name, definition FROM device_index_aside ORDER BY name LOOP
        EXECUTE aside.definition;
      END LOOP;
      DELETE FROM device_index_aside;
    END
    $$
    """,
    """
    CREATE FUNCTION set_device_indexes_aside(adding BIGINT) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    DECLARE
      stored BIGINT := (SELECT devices FROM device_total);
      aside RECORD;
    BEGIN
      IF adding < 10000 OR adding < 2 * stored OR adding + stored > 1500000 THEN
        RETURN false;
      END IF;
      FOR aside IN
        SELECT class.relname AS name, pg_get_indexdef(pg_index.indexrelid) AS definition
        FROM pg_index JOIN pg_class AS class ON class.oid = pg_index.indexrelid
        WHERE pg_index.indrelid = 'smartconnect.device'::regclass AND NOT pg_index.indisunique
        ORDER BY class.relname
      LOOP
        INSERT INTO device_index_aside (name, definition) VALUES (aside.name, aside.definition);
        EXECUTE format('DROP INDEX smartconnect.%I', aside.name);
      END LOOP;
      RETURN true;
    END
    $$
    """,
    """
    CREATE FUNCTION device_indexes_back_at_commit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = smartconnect, pg_temp AS $$
    BEGIN
      PERFORM put_device_indexes_back();
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE CONSTRAINT TRIGGER device_indexes_back AFTER INSERT ON device_index_aside
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION device_indexes_back_at_commit()
    """,
  ]

  /// v5's fill, one sixteenth of the devices (by a hash of the serial) per statement: cutting
  /// a million search texts into runs takes longer than one statement may (the statement
  /// timeout, 30 s by default), and a migration that cannot finish leaves the store unopened.
  static let fillDeviceGrams: [String] = (0..<16).map { part in
    """
    INSERT INTO device_gram (gram, devices)
    SELECT run, count(*) FROM device, device_runs(device.search) AS run
    WHERE (hashtext(device.serial) & 15) = \(part) GROUP BY run ORDER BY run
    ON CONFLICT (gram) DO UPDATE SET devices = device_gram.devices + EXCLUDED.devices
    """
  }
}
