import Foundation
import PostgresNIO
import SubscriptionStore
import Subscriptions

extension PostgresStore {
  public func issue(_ plan: Plan, codes: [ActivationCode], context: WriteContext)
    async throws(StoreError)
  {
    if let problem = StoreReason.problem(of: plan) { throw .failed(reason: problem) }
    try await write(context) { transaction in
      for code in codes {
        do {
          try await transaction.execute(
            """
            INSERT INTO code (digest, last_group, tier, term_months, seats, redeem_by, issued_at)
            VALUES (\(Data(CodeDigest.of(code))), \(CodeDigest.lastGroup(of: code)),
                    \(plan.tier.name), \(plan.termMonths), \(plan.seats),
                    \(plan.redeemBy?.wholeSeconds), \(context.now.wholeSeconds))
            """)
        } catch where PostgresFailure.sqlState(error) == PostgresFailure.State.uniqueViolation {
          throw StoreError.failed(reason: .codeIssuedAlready(masked: code.masked))
        }
        try await audit(
          transaction, context, action: .codeIssue, code: code.masked, detail: plan.summary)
      }
    }
  }

  public func activatedPlans() async throws(StoreError) -> [ActivatedPlan] {
    try await read { transaction in try await Self.activatedPlans(transaction) }
  }

  // MARK: - Inside a transaction

  static let codeColumns =
    "id, last_group, tier, term_months, seats, seats_used, redeem_by, activated_at"

  /// Redeems `code` (or finds it already redeemed) inside the caller's transaction, holding
  /// its row locked until the transaction ends.
  func activate(_ transaction: PostgresTransaction, _ code: ActivationCode, context: WriteContext)
    async throws -> ActivatedPlan
  {
    let rows = try await transaction.rows(
      """
      SELECT \(unescaped: Self.codeColumns) FROM code
      WHERE digest = \(Data(CodeDigest.of(code))) FOR UPDATE
      """)
    guard let row = rows.first else { throw StoreError.unknownCode(masked: code.masked) }
    let columns = try CodeColumns(row)
    if columns.activatedAt != nil {
      // Entering an activated code again shows its plan and the seats left.
      return try await Self.activatedPlan(transaction, columns)
    }
    if let redeemBy = columns.redeemBy, context.now.wholeSeconds > redeemBy {
      throw StoreError.redeemByPassed(
        masked: code.masked, redeemBy: Date(wholeSeconds: redeemBy))
    }
    try await transaction.execute(
      "UPDATE code SET activated_at = \(context.now.wholeSeconds) WHERE id = \(columns.id)")
    var activated = columns
    activated.activatedAt = context.now.wholeSeconds
    let plan = try await Self.activatedPlan(transaction, activated)
    try await audit(
      transaction, context, action: .codeActivate, code: code.masked, detail: plan.plan.summary)
    return plan
  }

  /// The activated plan `id`, its row locked `FOR UPDATE` when `locking`.
  static func activatedPlan(_ transaction: PostgresTransaction, id: Int64, locking: Bool = false)
    async throws -> ActivatedPlan
  {
    let rows = try await transaction.rows(
      """
      SELECT \(unescaped: codeColumns) FROM code WHERE id = \(id) AND activated_at IS NOT NULL
      \(unescaped: locking ? "FOR UPDATE" : "")
      """)
    guard let row = rows.first else { throw StoreError.unknownPlan(id: id) }
    return try await activatedPlan(transaction, try CodeColumns(row))
  }

  static func activatedPlan(_ transaction: PostgresTransaction, _ columns: CodeColumns)
    async throws -> ActivatedPlan
  {
    let assigned = try await transaction.rows(
      """
      SELECT device FROM license WHERE code_id = \(columns.id)
      ORDER BY id LIMIT \(ActivatedPlan.devicesNamed)
      """
    ).map { try $0.decode(String.self) }
    return try columns.plan(assignedDevices: assigned)
  }

  /// Every activated plan, newest activation first.
  static func activatedPlans(_ transaction: PostgresTransaction) async throws -> [ActivatedPlan] {
    let codes = try await transaction.rows(
      """
      SELECT \(unescaped: codeColumns) FROM code WHERE activated_at IS NOT NULL
      ORDER BY activated_at DESC, id DESC
      """
    ).map(CodeColumns.init)
    guard !codes.isEmpty else { return [] }
    // The first holders of each plan only (license_in_code_order): the seats used come
    // from the counter, so a plan of a million seats costs what one of ten does.
    var assigned: [Int64: [String]] = [:]
    for row in try await transaction.rows(
      """
      SELECT plan.id, first.device
      FROM unnest(\(codes.map(\.id))::bigint[]) AS plan (id),
           LATERAL (SELECT device, id FROM license WHERE code_id = plan.id
                    ORDER BY id LIMIT \(ActivatedPlan.devicesNamed)) AS first
      ORDER BY plan.id, first.id
      """)
    {
      let (id, device) = try row.decode((Int64, String).self)
      assigned[id, default: []].append(device)
    }
    return try codes.map { try $0.plan(assignedDevices: assigned[$0.id] ?? []) }
  }

  /// A row of `code` as read by `codeColumns`.
  struct CodeColumns {
    var id: Int64
    var lastGroup: String
    var tier: String
    var termMonths: Int
    var seats: Int
    var seatsUsed: Int
    var redeemBy: Int64?
    var activatedAt: Int64?

    init(_ row: PostgresRow) throws {
      (id, lastGroup, tier, termMonths, seats, seatsUsed, redeemBy, activatedAt) =
        try row.decode((Int64, String, String, Int, Int, Int, Int64?, Int64?).self)
    }

    func plan(assignedDevices: [String]) throws -> ActivatedPlan {
      guard let tier = Tier(name: tier) else {
        throw StoreError.failed(reason: .unknownTier(codeID: String(id), tier: self.tier))
      }
      let plan = Plan(
        tier: tier, termMonths: termMonths, seats: seats,
        redeemBy: redeemBy.map(Date.init(wholeSeconds:)))
      return ActivatedPlan(
        id: id, maskedCode: ActivationCode.mask(lastGroup: lastGroup), plan: plan,
        seatsLeft: max(0, seats - seatsUsed),
        activatedAt: Date(wholeSeconds: activatedAt ?? 0), assignedDevices: assignedDevices)
    }
  }
}
