import Foundation
import GRDB
import SubscriptionStore
import Subscriptions

extension SQLiteStore {
  /// Assigns one seat of plan `planID` to each device in one IMMEDIATE transaction: the
  /// write lock is taken before anything is read, so the seats and dates checked are the
  /// ones written.
  public func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) async throws(StoreError) -> [License] {
    try AssignmentRules.checkNamedOnce(serials)
    return try await write { db in
      try Self.assign(db, planID: planID, to: serials, expected: expected, context: context)
    }
  }

  public func activate(
    _ code: ActivationCode, assigning serials: [String], dryRun: Bool, context: WriteContext
  ) async throws(StoreError) -> ActivationOutcome {
    try AssignmentRules.checkNamedOnce(serials)
    return try await write(rollback: dryRun) { db in
      let plan = try Self.activate(db, code, context: context)
      let licenses = try Self.assign(
        db, planID: plan.id, to: serials, expected: nil, context: context)
      return ActivationOutcome(plan: try Self.activatedPlan(db, id: plan.id), licenses: licenses)
    }
  }

  // MARK: - Inside the transaction

  static func assign(
    _ db: Database, planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) throws -> [License] {
    guard !serials.isEmpty else { return [] }
    let plan = try activatedPlan(db, id: planID)
    for serial in serials {
      let known = try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM device WHERE serial = ?)", arguments: [serial])
      if known != true { throw StoreError.unknownDevice(serial: serial) }
    }
    try AssignmentRules.checkSeats(plan, requested: serials.count)
    // Fresh data, read under the write lock: nobody can assign in between.
    let now = AssignmentRules.confirmInstant(context.now)
    let fresh = AssignmentRules.projections(
      for: serials, held: try licenses(db, of: serials), plan: plan.plan, now: now)
    try AssignmentRules.check(expected: expected, fresh: fresh)
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    let written = AssignmentRules.licenses(for: serials, fresh: fresh, plan: plan)
    for license in written {
      try insert.execute(arguments: [
        license.device, planID, license.tier.name, license.kind.rawValue,
        license.start.storeSeconds, license.end.storeSeconds, now.storeSeconds,
      ])
      try audit(
        db, context, action: .licenseAssign, code: plan.maskedCode, device: license.device,
        detail: AssignmentRules.auditDetail(license, plan: plan.plan))
    }
    return written
  }
}
