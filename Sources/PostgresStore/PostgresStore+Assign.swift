import Foundation
import PostgresNIO
import SubscriptionStore
import Subscriptions

extension PostgresStore {
  /// Assigns one seat of plan `planID` to each device in one transaction that first locks
  /// the plan's row, then the devices' rows in serial order (every confirm takes them in
  /// the same order, so two confirms never deadlock), and only then reads what the start
  /// dates depend on.
  public func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) async throws(StoreError) -> [License] {
    try AssignmentRules.checkNamedOnce(serials)
    return try await write(context) { transaction in
      try await assign(
        transaction, planID: planID, to: serials, expected: expected, context: context)
    }
  }

  public func activate(
    _ code: ActivationCode, assigning serials: [String], dryRun: Bool, context: WriteContext
  ) async throws(StoreError) -> ActivationOutcome {
    try AssignmentRules.checkNamedOnce(serials)
    return try await write(context, rollback: dryRun) { transaction in
      let plan = try await activate(transaction, code, context: context)
      let licenses = try await assign(
        transaction, planID: plan.id, to: serials, expected: nil, context: context)
      return ActivationOutcome(
        plan: try await Self.activatedPlan(transaction, id: plan.id), licenses: licenses)
    }
  }

  // MARK: - Inside the transaction

  func assign(
    _ transaction: PostgresTransaction, planID: Int64, to serials: [String],
    expected: [String: Projection]?, context: WriteContext
  ) async throws -> [License] {
    guard !serials.isEmpty else { return [] }
    let plan = try await Self.activatedPlan(transaction, id: planID, locking: true)
    let locked = Set(
      try await transaction.rows(
        "SELECT lock_devices(\(serials))"
      ).map { try $0.decode(String.self) })
    if let unknown = serials.first(where: { !locked.contains($0) }) {
      throw StoreError.unknownDevice(serial: unknown)
    }
    try AssignmentRules.checkSeats(plan, requested: serials.count)
    // Fresh data, read under the locks: nobody can assign these seats or these devices
    // in between.
    let now = AssignmentRules.confirmInstant(context.now)
    let fresh = AssignmentRules.projections(
      for: serials, held: try await Self.licenses(transaction, of: serials), plan: plan.plan,
      now: now)
    try AssignmentRules.check(expected: expected, fresh: fresh)
    let written = AssignmentRules.licenses(for: serials, fresh: fresh, plan: plan)
    try await transaction.execute(
      """
      INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
      SELECT device, \(planID), \(plan.plan.tier.name), kind, starts_at, ends_at,
             \(now.wholeSeconds)
      FROM unnest(\(written.map(\.device))::text[], \(written.map(\.kind.rawValue))::text[],
                  \(written.map(\.start.wholeSeconds))::bigint[],
                  \(written.map(\.end.wholeSeconds))::bigint[])
           WITH ORDINALITY AS new (device, kind, starts_at, ends_at, n)
      ORDER BY n
      """)
    try await transaction.execute(
      """
      INSERT INTO audit (at, operator, host, action, code, device, detail)
      SELECT \(now.wholeSeconds), \(context.operatorName), \(context.host),
             \(AuditAction.licenseAssign.rawValue), \(plan.maskedCode), device, detail
      FROM unnest(\(written.map(\.device))::text[],
                  \(written.map { AssignmentRules.auditDetail($0, plan: plan.plan) })::text[])
           WITH ORDINALITY AS new (device, detail, n)
      ORDER BY n
      """)
    return written
  }
}
