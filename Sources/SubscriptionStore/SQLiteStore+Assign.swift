import Foundation
import GRDB
import Subscriptions

/// What one `activate` command did (or, in a dry run, would do): the plan afterwards and the
/// licenses it assigned.
public struct ActivationOutcome: Sendable, Hashable {
  public var plan: ActivatedPlan
  public var licenses: [License]

  public init(plan: ActivatedPlan, licenses: [License]) {
    self.plan = plan
    self.licenses = licenses
  }
}

extension SQLiteStore {
  /// Assigns one seat of plan `planID` to each device in one IMMEDIATE transaction.
  ///
  /// `expected` is compared as the Confirm screen shows it: the kind and the UTC calendar
  /// days of start and end. A "new" license shown at 10:02 and confirmed at 10:03 still
  /// matches; one that would now queue behind a license another technician just assigned
  /// does not, and nothing is written.
  public func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) throws(StoreError) -> [License] {
    try Self.checkNamedOnce(serials)
    return try write { db in
      try Self.assign(db, planID: planID, to: serials, expected: expected, context: context)
    }
  }

  /// Activates `code` and assigns one of its seats to each of `serials`, all in one
  /// transaction: an unknown device or too few seats leave the code as it was.
  ///
  /// With `dryRun` the same checks and start dates are computed inside the same kind of
  /// transaction, which is then rolled back.
  public func activate(
    _ code: ActivationCode, assigning serials: [String], dryRun: Bool, context: WriteContext
  ) throws(StoreError) -> ActivationOutcome {
    try Self.checkNamedOnce(serials)
    return try write(rollback: dryRun) { db in
      let plan = try Self.activate(db, code, context: context)
      let licenses = try Self.assign(
        db, planID: plan.id, to: serials, expected: nil, context: context)
      return ActivationOutcome(plan: try Self.activatedPlan(db, id: plan.id), licenses: licenses)
    }
  }

  // MARK: - Inside the transaction

  static func checkNamedOnce(_ serials: [String]) throws(StoreError) {
    var seen = Set<String>()
    for serial in serials where !seen.insert(serial).inserted {
      throw .deviceNamedTwice(serial: serial)
    }
  }

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
    guard serials.count <= plan.seatsLeft else {
      throw StoreError.notEnoughSeats(
        masked: plan.maskedCode, requested: serials.count, seatsLeft: plan.seatsLeft,
        assignedTo: plan.assignedDevices)
    }
    // Fresh data, read under the write lock: nobody can assign in between.
    let now = Date(storeSeconds: context.now.storeSeconds)
    let held = try licenses(db, of: serials)
    var fresh: [String: Projection] = [:]
    for serial in serials {
      fresh[serial] = StartRule.project(
        licenses: held[serial] ?? [], now: now, tier: plan.plan.tier,
        termMonths: plan.plan.termMonths)
    }
    if let expected {
      for serial in serials {
        guard let shown = expected[serial], let now = fresh[serial], sameAsShown(shown, now)
        else { throw StoreError.datesChanged(fresh: fresh) }
      }
    }
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    var written: [License] = []
    for serial in serials {
      guard let projection = fresh[serial] else { continue }
      try insert.execute(arguments: [
        serial, planID, plan.plan.tier.name, projection.kind.rawValue,
        projection.start.storeSeconds, projection.end.storeSeconds, now.storeSeconds,
      ])
      let license = License(
        device: serial, tier: plan.plan.tier, kind: projection.kind, start: projection.start,
        end: projection.end, maskedCode: plan.maskedCode)
      try audit(
        db, context, action: "license.assign", code: plan.maskedCode, device: serial,
        detail: "\(projection.kind.rawValue) \(plan.plan.summary), "
          + "\(day(projection.start)) to \(day(projection.end))")
      written.append(license)
    }
    return written
  }

  /// Whether a fresh projection is what the Confirm screen showed: same kind, same days.
  static func sameAsShown(_ shown: Projection, _ fresh: Projection) -> Bool {
    shown.kind == fresh.kind && day(shown.start) == day(fresh.start)
      && day(shown.end) == day(fresh.end)
  }

  static func day(_ date: Date) -> String { StoreError.day(date) }
}
