import Foundation
import Subscriptions

/// Who writes, from where, and when: passed into every write so the store never reads the
/// clock itself and the audit trail can say who did what.
public struct WriteContext: Sendable, Hashable {
  public var now: Date
  public var operatorName: String
  public var host: String

  public init(now: Date, operatorName: String, host: String) {
    self.now = now
    self.operatorName = operatorName
    self.host = host
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
  /// Serials of the devices that already hold one of its seats, in assignment order.
  public var assignedDevices: [String]

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

/// The store the wizard and the commands share. SQLite (GRDB) is the embedded default;
/// PostgreSQL is to run behind the same interface with the same conformance tests.
///
/// Each write is one transaction that keeps the invariants: all or nothing.
public protocol SubscriptionStoring: Sendable {
  // MARK: - Devices

  /// Adds devices, all or none. Refuses a serial that exists or appears twice.
  func addDevices(_ devices: [Device], context: WriteContext) throws(StoreError)

  /// How many devices match `filter` (case-insensitive substring of name, serial, model or
  /// site; empty matches all).
  func deviceCount(filter: String) throws(StoreError) -> Int

  /// One window of the devices matching `filter`, in overview order (site, name, serial),
  /// so a list of 100 000 devices never has to be loaded whole.
  func devices(filter: String, offset: Int, limit: Int) throws(StoreError) -> [Device]

  /// The device with this serial, or `nil`.
  func device(serial: String) throws(StoreError) -> Device?

  /// The confirmed licenses of each named device (devices without any map to `[]`).
  func licenses(of serials: [String]) throws(StoreError) -> [String: [License]]

  // MARK: - Codes

  /// Records codes as issued for `plan` (stands in for the vendor).
  func issue(_ plan: Plan, codes: [ActivationCode], context: WriteContext) throws(StoreError)

  /// Redeems a code into this account. Entering an already-activated code again returns its
  /// plan and seats left rather than an error. Refuses unknown codes and codes whose
  /// redeem-by date passed before activation.
  func activate(_ code: ActivationCode, context: WriteContext) throws(StoreError) -> ActivatedPlan

  /// Every activated plan, newest activation first, with its seats left (0 included).
  func activatedPlans() throws(StoreError) -> [ActivatedPlan]

  // MARK: - Assignment

  /// Assigns one seat of plan `planID` to each device, in one transaction: all or none.
  ///
  /// Start dates are computed inside the transaction from fresh data with `StartRule`; if
  /// `expected` is given and any projection differs from it, nothing is written and
  /// `StoreError.datesChanged` carries the fresh projections to confirm again. Projections
  /// are compared as the Confirm screen shows them: the kind and the UTC calendar days of
  /// start and end (a new license shown at 10:02 and confirmed at 10:03 still matches).
  func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) throws(StoreError) -> [License]
}
