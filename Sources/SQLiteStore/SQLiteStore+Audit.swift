import Foundation
import GRDB
import SubscriptionStore

extension SQLiteStore {
  /// The audit trail, oldest first; `limit` keeps the newest rows only.
  public func auditTrail(limit: Int) async throws(StoreError) -> [AuditEntry] {
    try await read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT at, operator, host, action, code, device, detail FROM (
            SELECT * FROM audit ORDER BY id DESC LIMIT ?
          ) ORDER BY id
          """, arguments: [limit == .max ? -1 : limit])
      return rows.map { row in
        AuditEntry(
          at: Date(storeSeconds: row["at"]), operatorName: row["operator"], host: row["host"],
          action: row["action"], maskedCode: row["code"], device: row["device"],
          detail: row["detail"])
      }
    }
  }
}
