import Foundation
import GRDB
import SubscriptionStore
import Subscriptions

extension SQLiteStore {
  public func issue(_ plan: Plan, codes: [ActivationCode], context: WriteContext)
    async throws(StoreError)
  {
    if let problem = StoreReason.problem(of: plan) { throw .failed(reason: problem) }
    try await write { db in
      let insert = try db.cachedStatement(
        sql: """
          INSERT INTO code (digest, last_group, tier, term_months, seats, redeem_by, issued_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """)
      for code in codes {
        do {
          try insert.execute(arguments: [
            Data(CodeDigest.of(code)), CodeDigest.lastGroup(of: code), plan.tier.name,
            plan.termMonths, plan.seats, plan.redeemBy?.storeSeconds,
            context.now.storeSeconds,
          ])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
          throw StoreError.failed(reason: .codeIssuedAlready(masked: code.masked))
        }
        try Self.audit(db, context, action: .codeIssue, code: code.masked, detail: plan.summary)
      }
    }
  }

  public func activatedPlans() async throws(StoreError) -> [ActivatedPlan] {
    try await read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.codeColumns) FROM code WHERE activated_at IS NOT NULL
          ORDER BY activated_at DESC, id DESC
          """)
      return try rows.map { row in try Self.activatedPlan(db, from: row) }
    }
  }

  // MARK: - Inside a transaction

  /// Redeems `code` (or finds it already redeemed) inside the caller's transaction.
  static func activate(_ db: Database, _ code: ActivationCode, context: WriteContext) throws
    -> ActivatedPlan
  {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT \(codeColumns) FROM code WHERE digest = ?",
        arguments: [Data(CodeDigest.of(code))])
    else { throw StoreError.unknownCode(masked: code.masked) }
    let id: Int64 = row["id"]
    if row["activated_at"] as Int64? != nil {
      // Entering an activated code again shows its plan and the seats left.
      return try activatedPlan(db, from: row)
    }
    if let redeemBy = row["redeem_by"] as Int64?, context.now.storeSeconds > redeemBy {
      throw StoreError.redeemByPassed(masked: code.masked, redeemBy: Date(storeSeconds: redeemBy))
    }
    try db.execute(
      sql: "UPDATE code SET activated_at = ? WHERE id = ?",
      arguments: [context.now.storeSeconds, id])
    let plan = try activatedPlan(db, id: id)
    try audit(db, context, action: .codeActivate, code: code.masked, detail: plan.plan.summary)
    return plan
  }

  static let codeColumns =
    "id, last_group, tier, term_months, seats, seats_used, redeem_by, activated_at"

  static func activatedPlan(_ db: Database, id: Int64) throws -> ActivatedPlan {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT \(codeColumns) FROM code WHERE id = ? AND activated_at IS NOT NULL",
        arguments: [id])
    else { throw StoreError.unknownPlan(id: id) }
    return try activatedPlan(db, from: row)
  }

  static func activatedPlan(_ db: Database, from row: Row) throws -> ActivatedPlan {
    let id: Int64 = row["id"]
    let tierName: String = row["tier"]
    guard let tier = Tier(name: tierName) else {
      throw StoreError.failed(reason: .unknownTier(codeID: String(id), tier: tierName))
    }
    let plan = Plan(
      tier: tier, termMonths: row["term_months"], seats: row["seats"],
      redeemBy: (row["redeem_by"] as Int64?).map(Date.init(storeSeconds:)))
    // The first holders only, through license_by_code (code_id, then rowid = id): the seats
    // used come from the counter, so a plan of a million seats costs what one of ten does.
    let assigned = try String.fetchAll(
      db, sql: "SELECT device FROM license WHERE code_id = ? ORDER BY id LIMIT ?",
      arguments: [id, ActivatedPlan.devicesNamed])
    let used: Int = row["seats_used"]
    return ActivatedPlan(
      id: id, maskedCode: ActivationCode.mask(lastGroup: row["last_group"]), plan: plan,
      seatsLeft: max(0, plan.seats - used),
      activatedAt: Date(storeSeconds: row["activated_at"] ?? 0), assignedDevices: assigned)
  }
}
