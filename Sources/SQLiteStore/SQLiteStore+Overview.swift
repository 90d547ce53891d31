import Foundation
import GRDB
import SubscriptionStore
import Subscriptions

extension SQLiteStore {
  /// Reads the whole overview from one snapshot, a batch of devices at a time, so a fleet of
  /// 100 000 is written out without being held in memory and a write made meanwhile by
  /// another technician never shows half.
  ///
  /// `batch` gets each run of devices in overview order with their licenses; the activated
  /// plans, newest first, are returned at the end.
  ///
  /// The rows go to `batch` on the calling thread, inside one read transaction.
  public func readOverview(
    batchSize: Int, _ batch: ([Device], [String: [License]]) throws -> Void
  ) async throws(StoreError) -> [ActivatedPlan] {
    try readBlocking { db in
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT serial, name, model, site FROM device INDEXED BY device_overview_order
          ORDER BY site, name, serial
          """)
      var devices: [Device] = []
      devices.reserveCapacity(batchSize)
      while let row = try rows.next() {
        devices.append(Self.device(from: row))
        if devices.count == batchSize {
          try batch(devices, try Self.licenses(db, of: devices.map(\.serial)))
          devices.removeAll(keepingCapacity: true)
        }
      }
      if !devices.isEmpty {
        try batch(devices, try Self.licenses(db, of: devices.map(\.serial)))
      }
      return try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.codeColumns) FROM code WHERE activated_at IS NOT NULL
          ORDER BY activated_at DESC, id DESC
          """
      ).map { row in try Self.activatedPlan(db, from: row) }
    }
  }
}
