import Foundation
import PostgresNIO
import SubscriptionStore
import Subscriptions

extension PostgresStore {
  public func addDevices(_ devices: [Device], context: WriteContext) async throws(StoreError) {
    try AssignmentRules.checkNewDevices(devices)
    guard !devices.isEmpty else { return }
    let serials = devices.map(\.serial)
    try await write(context) { transaction in
      // Named first so the refusal names the first serial given that exists, as SQLite's.
      let existing = Set(
        try await transaction.rows(
          "SELECT serial FROM device WHERE serial = ANY(\(serials))"
        ).map { try $0.decode(String.self) })
      if let taken = serials.first(where: existing.contains) {
        throw StoreError.deviceExists(serial: taken)
      }
      do {
        try await transaction.execute(
          """
          INSERT INTO device (serial, name, model, site, search, added_at)
          SELECT serial, name, model, site, search, \(context.now.wholeSeconds)
          FROM unnest(\(serials)::text[], \(devices.map(\.name))::text[],
                      \(devices.map(\.model))::text[], \(devices.map(\.site))::text[],
                      \(devices.map(DeviceSearch.text(of:)))::text[])
               AS new (serial, name, model, site, search)
          """)
      } catch where PostgresFailure.sqlState(error) == PostgresFailure.State.uniqueViolation {
        // Added by another technician between the check and the insert.
        throw StoreError.deviceExists(serial: Self.conflictingKey(error) ?? serials[0])
      }
      try await audit(
        transaction, context, action: .deviceAdd,
        device: devices.count == 1 ? devices[0].serial : nil,
        detail: AssignmentRules.addedDetail(devices))
    }
  }

  public func deviceCount(filter: String) async throws(StoreError) -> Int {
    let needle = DeviceSearch.needle(filter)
    return try await read { transaction in
      let rows =
        needle.isEmpty
        ? try await transaction.rows("SELECT devices FROM device_total")
        : try await transaction.rows(
          "SELECT count(*) FROM device WHERE strpos(search, \(needle)) > 0")
      return Int(try rows.first?.decode(Int64.self) ?? 0)
    }
  }

  public func devices(filter: String, window: DeviceWindow) async throws(StoreError)
    -> [Device]
  {
    guard window.limit > 0 else { return [] }
    let query = Self.windowQuery(window, needle: DeviceSearch.needle(filter))
    return try await read { transaction in
      let devices = try await transaction.rows(query).map(Self.device(from:))
      return window.isReadBackwards ? devices.reversed() : devices
    }
  }

  /// The statement that reads `window`: a seek on the overview order's index from the
  /// window's key, never an OFFSET (which reads and drops every row before the window).
  static func windowQuery(_ window: DeviceWindow, needle: String) -> PostgresQuery {
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
    if !needle.isEmpty {
      binds.append(needle)
      conditions.append("strpos(search, $\(binds.count)) > 0")
    }
    binds.append(Int64(window.limit))
    let order =
      window.isReadBackwards ? "site DESC, name DESC, serial DESC" : "site, name, serial"
    let sql = """
      SELECT serial, name, model, site FROM device
      \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
      ORDER BY \(order) LIMIT $\(binds.count)
      """
    return PostgresQuery(unsafeSQL: sql, binds: binds)
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
      guard let tier = Tier(name: tierName), let kind = AssignmentKind(rawValue: kindName) else {
        throw StoreError.failed(reason: "a license has an unknown tier or kind")
      }
      result[device, default: []].append(
        License(
          device: device, tier: tier, kind: kind, start: Date(wholeSeconds: start),
          end: Date(wholeSeconds: end), maskedCode: ActivationCode.mask(lastGroup: lastGroup)))
    }
    return result
  }

  static func device(from row: PostgresRow) throws -> Device {
    let (serial, name, model, site) = try row.decode((String, String, String, String).self)
    return Device(serial: serial, name: name, model: model, site: site)
  }

  /// The key of a unique violation, from the server's detail `Key (serial)=(SN1) already…`.
  static func conflictingKey(_ error: any Error) -> String? {
    guard let detail = (error as? PSQLError)?.serverInfo?[.detail],
      let open = detail.range(of: ")=("), let close = detail.range(of: ") already exists")
    else { return nil }
    return String(detail[open.upperBound..<close.lowerBound])
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
