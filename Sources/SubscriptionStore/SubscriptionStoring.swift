import Foundation
import Subscriptions

/// Who writes, from where, and when: passed into every write so the store never reads the
/// clock itself and the audit trail can say who did what.
public struct WriteContext: Sendable, Hashable {
  public var now: Date
  public var operatorName: String
  public var host: String
  /// This write's own id, made by the caller: a server store whose link drops after COMMIT
  /// was sent looks it up on reconnect to tell whether the write landed.
  public var writeID: UUID

  public init(now: Date, operatorName: String, host: String, writeID: UUID) {
    self.now = now
    self.operatorName = operatorName
    self.host = host
    self.writeID = writeID
  }
}

/// An activated code as the store knows it. The code itself is a secret: only its masked
/// form leaves the store, and assignments name the plan by `id`.
public struct ActivatedPlan: Sendable, Hashable, Identifiable {
  public var id: Int64
  /// `*****-*****-*****-ABCDE`.
  public var maskedCode: String
  public var plan: Plan
  public var seatsLeft: Int
  public var activatedAt: Date
  /// Serials of the first devices that hold one of its seats, in assignment order: at most
  /// `devicesNamed`, enough to name them when the seats run out, so that reading the plans
  /// never reads every license of a plan for a whole fleet.
  public var assignedDevices: [String]

  /// How many devices a plan names (`assignedDevices`).
  public static let devicesNamed = 10

  /// How many of its seats are assigned.
  public var seatsUsed: Int { plan.seats - seatsLeft }

  public init(id: Int64, maskedCode: String, plan: Plan, seatsLeft: Int, activatedAt: Date,
              assignedDevices: [String]) {
    self.id = id
    self.maskedCode = maskedCode
    self.plan = plan
    self.seatsLeft = seatsLeft
    self.activatedAt = activatedAt
    self.assignedDevices = assignedDevices
  }
}

/// What one `activate` did (or, in a dry run, would do): the plan afterwards and the
/// licenses it assigned.
public struct ActivationOutcome: Sendable, Hashable {
  public var plan: ActivatedPlan
  public var licenses: [License]

  public init(plan: ActivatedPlan, licenses: [License]) {
    self.plan = plan
    self.licenses = licenses
  }
}

/// The store the wizard and the commands share: SQLite for one gateway, PostgreSQL for a
/// team. Commands and the wizard name only this protocol; the rules that are not storage
/// (seats, start dates, "same as shown") live in `AssignmentRules`, written once.
///
/// Each write is one transaction that keeps the invariants: all or nothing. Every call is
/// `async` so a store across a network never holds up the terminal; a cancelled call
/// writes nothing (`StoreError.cancelled`) unless it had already committed.
public protocol SubscriptionStoring: Sendable {
  /// The store as messages name it: a path, or a URL without its password.
  var displayName: String { get }

  // MARK: - Devices

  /// Adds devices, all or none. Refuses a serial that exists or appears twice.
  func addDevices(_ devices: [Device], context: WriteContext) async throws(StoreError)

  /// How many devices match `filter` (`DeviceSearch`; empty matches all).
  func deviceCount(filter: String) async throws(StoreError) -> Int

  /// One window of the devices matching `filter`, in overview order (site, name, serial),
  /// each with its confirmed licenses: what a list shows, so a list of a million devices
  /// never has to be loaded whole. The window is found by seeking from a device's key
  /// (`DeviceWindow`), never by skipping rows.
  ///
  /// The devices and their licenses come from one snapshot, in one call: a window and the
  /// licenses read apart cost a server store two transactions (six round trips) per key,
  /// and a license confirmed between the two reads could show under a device without it.
  func deviceRows(filter: String, window: DeviceWindow) async throws(StoreError) -> [DeviceRow]

  /// The device with this serial, or `nil`.
  func device(serial: String) async throws(StoreError) -> Device?

  /// The confirmed licenses of each named device (devices without any map to `[]`).
  func licenses(of serials: [String]) async throws(StoreError) -> [String: [License]]

  // MARK: - Codes

  /// Records codes as issued for `plan` (stands in for the vendor).
  func issue(_ plan: Plan, codes: [ActivationCode], context: WriteContext)
    async throws(StoreError)

  /// Redeems a code into this account and assigns one of its seats to each of `serials`, in
  /// one transaction: an unknown device or too few seats leave the code as it was. Entering
  /// an already-activated code again gives its plan and seats left rather than an error.
  /// With `dryRun` the same checks and dates are computed, and nothing is kept.
  func activate(
    _ code: ActivationCode, assigning serials: [String], dryRun: Bool, context: WriteContext
  ) async throws(StoreError) -> ActivationOutcome

  /// Every activated plan, newest activation first, with its seats left (0 included).
  func activatedPlans() async throws(StoreError) -> [ActivatedPlan]

  // MARK: - Assignment

  /// Assigns one seat of plan `planID` to each device, in one transaction: all or none.
  ///
  /// Start dates are computed inside the transaction from fresh data (`AssignmentRules`);
  /// if `expected` is given and any projection differs from it as the Confirm screen shows
  /// it, nothing is written and `StoreError.datesChanged` carries the fresh projections.
  func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) async throws(StoreError) -> [License]

  // MARK: - Reading everything

  /// The whole overview from one snapshot, a batch of devices at a time (overview order,
  /// with their licenses), so a large fleet is written out without being held in memory
  /// and a write made meanwhile never shows half. Returns the activated plans, newest first.
  func readOverview(
    batchSize: Int, _ batch: ([Device], [String: [License]]) throws -> Void
  ) async throws(StoreError) -> [ActivatedPlan]

  /// The audit trail, oldest first; `limit` keeps the newest rows only.
  func auditTrail(limit: Int) async throws(StoreError) -> [AuditEntry]
}

extension SubscriptionStoring {
  /// Redeems `code` without assigning any seat.
  public func activate(_ code: ActivationCode, context: WriteContext) async throws(StoreError)
    -> ActivatedPlan
  {
    try await activate(code, assigning: [], dryRun: false, context: context).plan
  }

  /// One window of the devices matching `filter`, as `deviceRows` reads it, without the
  /// licenses (read, then dropped: for a caller that needs the devices alone).
  public func devices(filter: String, window: DeviceWindow) async throws(StoreError)
    -> [Device]
  {
    try await deviceRows(filter: filter, window: window).map(\.device)
  }

  /// The overview in batches of 1000 devices.
  public func readOverview(_ batch: ([Device], [String: [License]]) throws -> Void)
    async throws(StoreError) -> [ActivatedPlan]
  {
    try await readOverview(batchSize: 1000, batch)
  }

  /// The whole audit trail.
  public func auditTrail() async throws(StoreError) -> [AuditEntry] {
    try await auditTrail(limit: .max)
  }
}
