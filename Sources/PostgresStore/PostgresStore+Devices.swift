import Foundation
import PostgresNIO
import SubscriptionStore
import Subscriptions

extension PostgresStore {
  public func addDevices(_ devices: [Device], context: WriteContext) async throws(StoreError) {
    guard !devices.isEmpty else { return }
    // Checked while the first rows go in (a million devices took half a second before the
    // server had anything to do): nothing commits before the check has passed, and its
    // refusal comes first whatever else went wrong, as if it had run before.
    let check = Task { try AssignmentRules.checkNewDevices(devices) }
    // The part whose INSERT found a serial stored already.
    var refusedPart: ArraySlice<Device>?
    do {
      try await write(context) { transaction in
        // The runs of one or two characters are tallied here as the rows go, and added once
        // (v5's trigger stands aside for this transaction's inserts).
        try await transaction.execute("SET LOCAL smartconnect.device_load = 'on'")
        // A load much larger than the table builds its indexes once at the end (v6).
        let aside = try await transaction.rows(
          "SELECT set_device_indexes_aside(\(Int64(devices.count)))"
        ).first?.decode(Bool.self) ?? false
        let grams = try await Self.insert(
          devices, transaction, addedAt: context.now.wholeSeconds, refusedPart: &refusedPart)
        try await check.value
        if aside {
          // One statement builds the indexes over the whole table (about 12 s a million rows
          // on a quiet two-core machine, up to 1.5 million by v6's rule): it may take
          // `rebuildTimeouts` statement timeouts, where a busy server would run past one.
          try await transaction.execute(
            "SELECT put_device_indexes_back()",
            timeLimit: transaction.session.statementTimeout * Self.rebuildTimeouts)
        }
        let tally = grams.counts
        try await transaction.execute(
          "SELECT add_device_grams(\(tally.map(\.gram))::text[], \(tally.map { Int64($0.devices) })::bigint[])")
        try await transaction.execute("SET LOCAL smartconnect.device_load = 'off'")
        try await audit(
          transaction, context, action: .deviceAdd,
          device: devices.count == 1 ? devices[0].serial : nil,
          detail: AssignmentRules.addedDetail(devices))
      }
    } catch {
      if case .failure(let refusal as StoreError) = await check.result { throw refusal }
      guard let refusedPart, let serial = try await firstStored(of: refusedPart) else {
        throw error
      }
      throw .deviceExists(serial: serial)
    }
  }

  /// How many statement timeouts the rebuild of indexes set aside for an import may take.
  static let rebuildTimeouts = 4.0

  /// Devices per INSERT of an import: a few seconds of work for the server at most.
  static let devicesPerStatement = 20_000

  /// Inserts `devices`, `devicesPerStatement` to a statement (the parts in the order given,
  /// each part's rows in overview order), and returns their runs of one or two characters.
  ///
  /// One transaction, several statements: a million rows in one INSERT ran past the statement
  /// timeout (the trigram index takes most of the time), and a statement's deadline should not
  /// grow with the file. The next part's statement (search texts, run counts, the binds
  /// encoded) is built while the server inserts the rows of this one, so the two overlap.
  ///
  /// A part whose INSERT finds a serial stored already is left in `refusedPart`: the parts
  /// before it inserted every row, so the first serial given that exists is in that part
  /// (looked up once the transaction has rolled back, `firstStored(of:)`).
  private static func insert(
    _ devices: [Device], _ transaction: PostgresTransaction, addedAt now: Int64,
    refusedPart: inout ArraySlice<Device>?
  ) async throws -> DeviceGrams {
    let parts = stride(from: 0, to: devices.count, by: devicesPerStatement).map {
      devices[$0..<min($0 + devicesPerStatement, devices.count)]
    }
    var next = Task { Self.statement(parts[0], addedAt: now, grams: DeviceGrams()) }
    defer { next.cancel() }
    var grams = DeviceGrams()
    for index in parts.indices {
      let (query, tally) = await next.value
      grams = tally
      if index + 1 < parts.count {
        let part = parts[index + 1]
        next = Task { Self.statement(part, addedAt: now, grams: tally) }
      }
      do {
        try await transaction.execute(query)
      } catch where PostgresFailure.sqlState(error) == PostgresFailure.State.uniqueViolation {
        refusedPart = parts[index]
        throw error
      }
    }
    return grams
  }

  /// The INSERT of `devices`, and `grams` with their runs added.
  private static func statement(
    _ devices: ArraySlice<Device>, addedAt now: Int64, grams: DeviceGrams
  ) -> (PostgresQuery, DeviceGrams) {
    var grams = grams
    var serials: [String] = []
    var names: [String] = []
    var models: [String] = []
    var sites: [String] = []
    var searches: [String] = []
    serials.reserveCapacity(devices.count)
    names.reserveCapacity(devices.count)
    models.reserveCapacity(devices.count)
    sites.reserveCapacity(devices.count)
    searches.reserveCapacity(devices.count)
    // In overview order: the index on (site, name, serial) then takes the part's rows from
    // left to right, not in random places (a million-row import: 29-31 s -> 25-26 s).
    let ordered = devices.sorted { ($0.site, $0.name, $0.serial) < ($1.site, $1.name, $1.serial) }
    for device in ordered {
      let search = DeviceSearch.text(of: device)
      grams.add(search)
      serials.append(device.serial)
      names.append(device.name)
      models.append(device.model)
      sites.append(device.site)
      searches.append(search)
    }
    let query: PostgresQuery = """
      INSERT INTO device (serial, name, model, site, search, added_at)
      SELECT serial, name, model, site, search, \(now)
      FROM unnest(\(serials)::text[], \(names)::text[], \(models)::text[], \(sites)::text[],
                  \(searches)::text[])
           AS new (serial, name, model, site, search)
      """
    return (query, grams)
  }

  /// The first of `devices`, in their order, whose serial is stored: the one a refused import
  /// names, as SQLite's row-by-row insert does (another technician may have added any of them).
  private func firstStored(of devices: ArraySlice<Device>) async throws(StoreError) -> String? {
    let serials = devices.map(\.serial)
    let stored = try await read { transaction in
      Set(
        try await transaction.rows("SELECT serial FROM device WHERE serial = ANY(\(serials))")
          .map { try $0.decode(String.self) })
    }
    return serials.first(where: stored.contains)
  }

  public func deviceCount(filter: String) async throws(StoreError) -> Int {
    let needle = DeviceSearch.needle(filter)
    // One statement each: its own snapshot, without a transaction around it.
    if DeviceSearch.hasTrigrams(needle) {
      // Through the pg_trgm index; LIKE rechecks each candidate exactly. It reads every
      // match (a third of a second for a common needle at a million devices): on the count
      // connection, where the wizard can stop waiting for it without holding up the rows.
      return try await count(
        "SELECT count(*) FROM device WHERE search LIKE \(Self.likePattern(needle))")
    }
    let query: PostgresQuery =
      if needle.isEmpty {
        "SELECT devices FROM device_total"
      } else {
        // One or two code points: no trigram holds them; counted by v5's `device_gram`.
        "SELECT devices FROM device_gram WHERE gram = \(needle)"
      }
    return try await read(query) { rows in Int(try rows.first?.decode(Int64.self) ?? 0) }
  }

  public func deviceRows(filter: String, window: DeviceWindow) async throws(StoreError)
    -> [DeviceRow]
  {
    guard window.limit > 0 else { return [] }
    let needle = DeviceSearch.needle(filter)
    // One statement reads the window with its devices' licenses: one snapshot, one round
    // trip. A filtered window first reads a bounded run of the list in overview order (most
    // needles fill a window at once); only when that run holds too few matches does it turn
    // to the trigram index (or, for one or two code points, read on to the end), in a read
    // transaction whose answer replaces the run's.
    let rows = try await read(
      Self.rowsQuery(window, needle: needle, way: needle.isEmpty ? .all : .probe),
      Self.deviceRows(from:))
    if needle.isEmpty || rows.count >= window.limit { return rows }
    return try await read { transaction in
      // A run of one or two characters that no device holds: nothing to read on for.
      if !DeviceSearch.hasTrigrams(needle),
        try await transaction.rows("SELECT 1 FROM device_gram WHERE gram = \(needle)").isEmpty
      {
        return []
      }
      let way: SearchWay = DeviceSearch.hasTrigrams(needle) ? .trigrams : .scan
      return try Self.deviceRows(
        from: try await transaction.rows(Self.rowsQuery(window, needle: needle, way: way)))
    }
  }

  /// The statement that reads `window` the `way` given, each device with its licenses: one
  /// row per license (a device without any on one row of NULLs), in overview order and each
  /// device's licenses by start, whichever way the window was sought.
  ///
  /// The licenses are looked up device by device of the window (a LATERAL subquery that
  /// `OFFSET 0` keeps from being turned into a plain join): as a join, tables not analyzed
  /// yet (just after an import) had the planner hash the whole license table, 130 ms a
  /// key at a million devices.
  static func rowsQuery(_ window: DeviceWindow, needle: String, way: SearchWay) -> PostgresQuery {
    let devices = windowQuery(window, needle: needle, way: way)
    return PostgresQuery(
      unsafeSQL: """
        WITH win AS (\(devices.sql))
        SELECT win.serial, win.name, win.model, win.site, held.tier, held.kind,
               held.starts_at, held.ends_at, held.last_group
        FROM win LEFT JOIN LATERAL (
          SELECT license.id, license.tier, license.kind, license.starts_at, license.ends_at,
                 code.last_group
          FROM license JOIN code ON code.id = license.code_id
          WHERE license.device = win.serial
          OFFSET 0) AS held ON true
        ORDER BY win.site, win.name, win.serial, held.starts_at, held.id
        """,
      binds: devices.binds)
  }

  /// The rows of `rowsQuery`, one per device, in their order.
  static func deviceRows(from rows: [PostgresRow]) throws -> [DeviceRow] {
    var result: [DeviceRow] = []
    for row in rows {
      let (serial, name, model, site, tierName, kindName, start, end, lastGroup) =
        try row.decode(
          (String, String, String, String, String?, String?, Int64?, Int64?, String?).self)
      if result.last?.device.serial != serial {
        result.append(
          DeviceRow(
            device: Device(serial: serial, name: name, model: model, site: site), licenses: []))
      }
      // The one row of a device without licenses.
      guard let tierName, let kindName, let start, let end, let lastGroup else { continue }
      result[result.count - 1].licenses.append(
        try license(
          device: serial, tierName: tierName, kindName: kindName, start: start, end: end,
          lastGroup: lastGroup))
    }
    return result
  }

  /// How a window of a filtered list is looked for.
  enum SearchWay {
    /// No filter: the overview index from the seek.
    case all
    /// The first `DeviceSearch.probeRows` rows from the seek, tested one by one.
    case probe
    /// The overview index from the seek to the end if need be, each row tested.
    case scan
    /// The pg_trgm index's matches after the seek, sorted.
    case trigrams
  }

  /// The statement that reads `window` the `way` given: a seek on the overview order's index
  /// from the window's key, never an OFFSET (which reads and drops every row before it).
  static func windowQuery(_ window: DeviceWindow, needle: String, way: SearchWay)
    -> PostgresQuery
  {
    var binds = PostgresBindings()
    var conditions: [String] = []
    let seek: (String, DeviceKey)? =
      switch window {
      case .first, .last: nil
      case .after(let key, _): (">", key)
      case .from(let key, _): (">=", key)
      case .before(let key, _): ("<", key)
      }
    if let (comparison, key) = seek {
      for value in [key.site, key.name, key.serial] { binds.append(value) }
      conditions.append("(site, name, serial) \(comparison) ($1, $2, $3)")
    }
    func clause(_ conditions: [String]) -> String {
      conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }
    let order =
      window.isReadBackwards ? "site DESC, name DESC, serial DESC" : "site, name, serial"
    let columns = "serial, name, model, site"
    var sql: String
    switch way {
    case .all:
      sql = "SELECT \(columns) FROM device \(clause(conditions)) ORDER BY \(order)"
    case .probe:
      binds.append(needle)
      sql = """
        SELECT \(columns) FROM (
          SELECT \(columns), search FROM device \(clause(conditions))
          ORDER BY \(order) LIMIT \(DeviceSearch.probeRows)) AS run
        WHERE strpos(search, $\(binds.count)) > 0 ORDER BY \(order)
        """
    case .scan:
      binds.append(needle)
      sql = """
        SELECT \(columns) FROM device
        \(clause(conditions + ["strpos(search, $\(binds.count)) > 0"])) ORDER BY \(order)
        """
    case .trigrams:
      // Materialized: the matches come from the trigram index and are then sorted, rather
      // than the planner walking the overview order and testing every row.
      binds.append(likePattern(needle))
      sql = """
        WITH hits AS MATERIALIZED (
          SELECT \(columns) FROM device
          \(clause(conditions + ["search LIKE $\(binds.count)"])))
        SELECT \(columns) FROM hits ORDER BY \(order)
        """
    }
    binds.append(Int64(window.limit))
    sql += " LIMIT $\(binds.count)"
    return PostgresQuery(unsafeSQL: sql, binds: binds)
  }

  /// `needle` as a LIKE pattern that matches it anywhere (its `\\`, `%` and `_` escaped).
  static func likePattern(_ needle: String) -> String {
    var pattern = "%"
    for character in needle {
      if character == "\\" || character == "%" || character == "_" { pattern.append("\\") }
      pattern.append(character)
    }
    return pattern + "%"
  }

  public func device(serial: String) async throws(StoreError) -> Device? {
    try await read { transaction in
      try await transaction.rows(
        "SELECT serial, name, model, site FROM device WHERE serial = \(serial)"
      ).first.map(Self.device(from:))
    }
  }

  public func licenses(of serials: [String]) async throws(StoreError) -> [String: [License]] {
    try await read { transaction in try await Self.licenses(transaction, of: serials) }
  }

  // MARK: - Shared with the writes

  static func licenses(_ transaction: PostgresTransaction, of serials: [String]) async throws
    -> [String: [License]]
  {
    var result: [String: [License]] = [:]
    for serial in serials { result[serial] = [] }
    guard !serials.isEmpty else { return result }
    let rows = try await transaction.rows(
      """
      SELECT license.device, license.tier, license.kind, license.starts_at, license.ends_at,
             code.last_group
      FROM license JOIN code ON code.id = license.code_id
      WHERE license.device = ANY(\(Array(Set(serials))))
      ORDER BY license.device, license.starts_at, license.id
      """)
    for row in rows {
      let (device, tierName, kindName, start, end, lastGroup) = try row.decode(
        (String, String, String, Int64, Int64, String).self)
      result[device, default: []].append(
        try license(
          device: device, tierName: tierName, kindName: kindName, start: start, end: end,
          lastGroup: lastGroup))
    }
    return result
  }

  /// A license from its columns (its code as the last group, masked).
  static func license(
    device: String, tierName: String, kindName: String, start: Int64, end: Int64,
    lastGroup: String
  ) throws -> License {
    guard let tier = Tier(name: tierName), let kind = AssignmentKind(rawValue: kindName) else {
      throw StoreError.failed(reason: .unknownLicenseKind)
    }
    return License(
      device: device, tier: tier, kind: kind, start: Date(wholeSeconds: start),
      end: Date(wholeSeconds: end), maskedCode: ActivationCode.mask(lastGroup: lastGroup))
  }

  static func device(from row: PostgresRow) throws -> Device {
    let (serial, name, model, site) = try row.decode((String, String, String, String).self)
    return Device(serial: serial, name: name, model: model, site: site)
  }

  /// Appends one row to the audit trail.
  func audit(
    _ transaction: PostgresTransaction, _ context: WriteContext, action: AuditAction,
    code: String? = nil, device: String? = nil, detail: String
  ) async throws {
    try await transaction.execute(
      """
      INSERT INTO audit (at, operator, host, action, code, device, detail)
      VALUES (\(context.now.wholeSeconds), \(context.operatorName), \(context.host),
              \(action.rawValue), \(code), \(device), \(detail))
      """)
  }
}
