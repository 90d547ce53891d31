import Foundation
import PostgresNIO
import SubscriptionStore
import Subscriptions

extension PostgresStore {
  /// Reads the whole overview from one snapshot (a repeatable-read transaction), a batch of
  /// devices at a time through a cursor, so a fleet of 100 000 is never held whole and a
  /// write made meanwhile by another technician never shows half.
  public func readOverview(
    batchSize: Int, _ batch: ([Device], [String: [License]]) throws -> Void
  ) async throws(StoreError) -> [ActivatedPlan] {
    let size = max(1, batchSize)
    return try await read { transaction in
      try await transaction.execute(
        """
        DECLARE overview NO SCROLL CURSOR FOR
        SELECT serial, name, model, site FROM device ORDER BY site, name, serial
        """)
      while true {
        let devices = try await transaction.rows("FETCH \(unescaped: String(size)) FROM overview")
          .map(Self.device(from:))
        if devices.isEmpty { break }
        try batch(devices, try await Self.licenses(transaction, of: devices.map(\.serial)))
        if devices.count < size { break }
      }
      try await transaction.execute("CLOSE overview")
      return try await Self.activatedPlans(transaction)
    }
  }

  /// The audit trail, oldest first; `limit` keeps the newest rows only.
  public func auditTrail(limit: Int) async throws(StoreError) -> [AuditEntry] {
    let newest: Int64? = limit == .max ? nil : Int64(max(0, limit))
    return try await read { transaction in
      try await transaction.rows(
        """
        SELECT at, operator, host, action, code, device, detail FROM (
          SELECT * FROM audit ORDER BY id DESC LIMIT \(newest)
        ) AS newest ORDER BY id
        """
      ).map { row in
        let (at, operatorName, host, action, code, device, detail) = try row.decode(
          (Int64, String, String, String, String?, String?, String).self)
        return AuditEntry(
          at: Date(wholeSeconds: at), operatorName: operatorName, host: host, action: action,
          maskedCode: code, device: device, detail: detail)
      }
    }
  }
}
