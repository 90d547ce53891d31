import Foundation
import GRDB
import SubscriptionStore
import Subscriptions

extension SQLiteStore {
  public func addDevices(_ devices: [Device], context: WriteContext) async throws(StoreError) {
    try AssignmentRules.checkNewDevices(devices)
    guard !devices.isEmpty else { return }
    let now = context.now.storeSeconds
    try await write { db in
      try Self.load(db, devices, addedAt: now)
      try Self.audit(
        db, context, action: .deviceAdd, device: devices.count == 1 ? devices[0].serial : nil,
        detail: AssignmentRules.addedDetail(devices))
    }
  }

  public func deviceCount(filter: String) async throws(StoreError) -> Int {
    let needle = DeviceSearch.needle(filter)
    return try await read { db in
      if needle.isEmpty {
        return try Int.fetchOne(db, sql: "SELECT devices FROM device_total WHERE id = 1") ?? 0
      }
      if DeviceSearch.hasTrigrams(needle) {
        return try Int.fetchOne(
          db, sql: "SELECT count(*) FROM device_search WHERE device_search MATCH ?",
          arguments: [Self.phrase(needle)]) ?? 0
      }
      // One or two code points: no trigram holds them; counted by v6's `device_gram`.
      return try Self.gramCount(db, needle)
    }
  }

  public func deviceRows(filter: String, window: DeviceWindow) async throws(StoreError)
    -> [DeviceRow]
  {
    guard window.limit > 0 else { return [] }
    // One read transaction: the devices and their licenses from one snapshot.
    return try await read { db in
      let devices = try Self.devices(db, filter: filter, window: window)
      let licenses = try Self.licenses(db, of: devices.map(\.serial))
      return devices.map { DeviceRow(device: $0, licenses: licenses[$0.serial] ?? []) }
    }
  }

  /// The devices of `window` of the list filtered by `filter`, in overview order.
  ///
  /// The index on (site, name, serial) gives the order and the seek, so SQLite starts at the
  /// window and stops after it instead of sorting or skipping the whole table. A filtered
  /// window first reads a bounded run of the list in that order (most needles fill a window
  /// at once); only when that run holds too few matches does it turn to the trigram index
  /// (or, for one or two code points, read on to the end).
  static func devices(_ db: Database, filter: String, window: DeviceWindow) throws -> [Device] {
    let needle = DeviceSearch.needle(filter)
    var devices: [Device]
    if needle.isEmpty {
      devices = try fetch(db, windowQuery(window, needle: nil, way: .all))
    } else {
      devices = try probe(db, window, needle: needle)
      // A run of one or two characters that no device holds: nothing to read on for.
      if devices.count < window.limit, !DeviceSearch.hasTrigrams(needle),
        try gramCount(db, needle) == 0
      {
        return []
      }
      if devices.count < window.limit {
        let way: SearchWay = DeviceSearch.hasTrigrams(needle) ? .trigrams : .scan
        devices = try fetch(db, windowQuery(window, needle: needle, way: way))
      }
    }
    return window.isReadBackwards ? devices.reversed() : devices
  }

  public func device(serial: String) async throws(StoreError) -> Device? {
    try await read { db in
      try Row.fetchOne(
        db, sql: "SELECT serial, name, model, site FROM device WHERE serial = ?",
        arguments: [serial]
      ).map(Self.device(from:))
    }
  }

  public func licenses(of serials: [String]) async throws(StoreError) -> [String: [License]] {
    try await read { db in try Self.licenses(db, of: serials) }
  }

  /// How a window of a filtered list is looked for.
  enum SearchWay {
    /// No filter: the overview index from the seek.
    case all
    /// The first `DeviceSearch.probeRows` rows from the seek, tested one by one.
    case probe
    /// The overview index from the seek to the end if need be, each row tested.
    case scan
    /// The trigram index's matches after the seek, sorted.
    case trigrams
  }

  /// The statement that reads `window` the `way` given, with its arguments.
  static func windowQuery(_ window: DeviceWindow, needle: String?, way: SearchWay)
    -> (sql: String, arguments: StatementArguments)
  {
    var arguments = StatementArguments()
    var conditions: [String] = []
    if way == .trigrams, let needle {
      conditions.append(
        "rowid IN (SELECT rowid FROM device_search WHERE device_search MATCH ?)")
      arguments += [phrase(needle)]
    }
    let seek: (String, DeviceKey)? =
      switch window {
      case .first, .last: nil
      case .after(let key, _): (">", key)
      case .from(let key, _): (">=", key)
      case .before(let key, _): ("<", key)
      }
    if let (comparison, key) = seek {
      conditions.append("(site, name, serial) \(comparison) (?, ?, ?)")
      arguments += [key.site, key.name, key.serial]
    }
    let order =
      window.isReadBackwards ? "site DESC, name DESC, serial DESC" : "site, name, serial"
    func clause(_ conditions: [String]) -> String {
      conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }
    let columns = "serial, name, model, site"
    let sql: String
    switch way {
    case .all:
      sql = """
        SELECT \(columns) FROM device INDEXED BY device_overview_order
        \(clause(conditions)) ORDER BY \(order) LIMIT ?
        """
    case .probe:
      // Every row of the run with whether it matches: read by `probe`, which stops as soon as
      // the window is full (a sort of the run would read all of it first).
      sql = """
        SELECT \(columns), instr(search, ?) > 0 FROM device INDEXED BY device_overview_order
        \(clause(conditions)) ORDER BY \(order) LIMIT \(DeviceSearch.probeRows)
        """
      arguments = [needle] + arguments
      return (sql, arguments)
    case .scan:
      sql = """
        SELECT \(columns) FROM device INDEXED BY device_overview_order
        \(clause(conditions + ["instr(search, ?) > 0"])) ORDER BY \(order) LIMIT ?
        """
      arguments += [needle]
    case .trigrams:
      sql = """
        SELECT \(columns) FROM device
        \(clause(conditions + ["instr(search, ?) > 0"])) ORDER BY \(order) LIMIT ?
        """
      arguments += [needle]
    }
    arguments += [window.limit]
    return (sql, arguments)
  }

  /// The matches among the first `DeviceSearch.probeRows` rows from the window's seek, read
  /// in list order and no further than the window needs.
  static func probe(_ db: Database, _ window: DeviceWindow, needle: String) throws -> [Device] {
    let query = windowQuery(window, needle: needle, way: .probe)
    let rows = try Row.fetchCursor(db, sql: query.sql, arguments: query.arguments)
    var devices: [Device] = []
    while devices.count < window.limit, let row = try rows.next() {
      if row[4] as Bool { devices.append(device(from: row)) }
    }
    return devices
  }

  /// How many devices hold `needle`, a run of one or two code points.
  static func gramCount(_ db: Database, _ needle: String) throws -> Int {
    try Int.fetchOne(
      db, sql: "SELECT devices FROM device_gram WHERE gram = ?", arguments: [needle]) ?? 0
  }

  /// `needle` as an FTS5 phrase: its trigrams, in a row.
  static func phrase(_ needle: String) -> String {
    "\"" + needle.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func fetch(_ db: Database, _ query: (sql: String, arguments: StatementArguments))
    throws -> [Device]
  {
    let rows = try Row.fetchCursor(db, sql: query.sql, arguments: query.arguments)
    var devices: [Device] = []
    while let row = try rows.next() { devices.append(device(from: row)) }
    return devices
  }

  // MARK: - Helpers shared with the writes

  static func licenses(_ db: Database, of serials: [String]) throws -> [String: [License]] {
    var result: [String: [License]] = [:]
    for serial in serials { result[serial] = [] }
    // Chunked so a whole fleet never exceeds SQLite's limit on bound parameters.
    let unique = Array(Set(serials))
    for start in stride(from: 0, to: unique.count, by: 500) {
      let chunk = Array(unique[start..<min(start + 500, unique.count)])
      let marks = databaseQuestionMarks(count: chunk.count)
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT license.device, license.tier, license.kind, license.starts_at,
                 license.ends_at, code.last_group
          FROM license JOIN code ON code.id = license.code_id
          WHERE license.device IN (\(marks))
          ORDER BY license.device, license.starts_at, license.id
          """, arguments: StatementArguments(chunk))
      while let row = try rows.next() {
        let license = try Self.license(from: row)
        result[license.device, default: []].append(license)
      }
    }
    return result
  }

  static func license(from row: Row) throws -> License {
    let tierName: String = row[1]
    let kindName: String = row[2]
    guard let tier = Tier(name: tierName), let kind = AssignmentKind(rawValue: kindName) else {
      throw StoreError.failed(reason: .unknownLicenseKind)
    }
    return License(
      device: row[0], tier: tier, kind: kind, start: Date(storeSeconds: row[3]),
      end: Date(storeSeconds: row[4]), maskedCode: ActivationCode.mask(lastGroup: row[5]))
  }

  static func device(from row: Row) -> Device {
    Device(serial: row[0], name: row[1], model: row[2], site: row[3])
  }

  /// Appends one row to the audit trail.
  static func audit(
    _ db: Database, _ context: WriteContext, action: AuditAction, code: String? = nil,
    device: String? = nil, detail: String
  ) throws {
    try db.execute(
      sql: """
        INSERT INTO audit (at, operator, host, action, code, device, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        context.now.storeSeconds, context.operatorName, context.host, action.rawValue, code,
        device,
        detail,
      ])
  }
}
