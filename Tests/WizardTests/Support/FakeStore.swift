import Foundation
import SubscriptionStore
import Subscriptions

/// An in-memory store that keeps the rules of the store interface (seats, redeem-by, the
/// start rule at commit, all-or-none), so the wizard can be driven without SQLite. Tests
/// change it between steps to play "another technician".
final class FakeStore: SubscriptionStoring, @unchecked Sendable {
  private let lock = NSLock()
  private var deviceTable: [Device] = []
  private var licenseTable: [String: [License]] = [:]
  private var issued: [ActivationCode: Plan] = [:]
  private var activatedCodes: [(code: ActivationCode, plan: ActivatedPlan)] = []
  private var nextPlanID: Int64 = 1
  /// Every window asked for, to check the wizard never loads the whole fleet.
  private(set) var windowsRequested: [(offset: Int, limit: Int)] = []
  /// How many devices a `devices(filter:…)` call returned at most.
  var largestWindow: Int { windowsRequested.map(\.limit).max() ?? 0 }

  init(devices: [Device] = [], licenses: [License] = []) {
    deviceTable = devices
    for license in licenses { licenseTable[license.device, default: []].append(license) }
  }

  private func locked<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  func addDevices(_ devices: [Device], context: WriteContext) throws(StoreError) {
    try locked { () throws(StoreError) in
      for device in devices where deviceTable.contains(where: { $0.serial == device.serial }) {
        throw .deviceExists(serial: device.serial)
      }
      deviceTable += devices
    }
  }

  private func matching(_ filter: String) -> [Device] {
    let needle = filter.lowercased()
    return deviceTable.filter {
      needle.isEmpty || [$0.name, $0.serial, $0.model, $0.site]
        .contains { $0.lowercased().contains(needle) }
    }.sorted { ($0.site, $0.name, $0.serial) < ($1.site, $1.name, $1.serial) }
  }

  func deviceCount(filter: String) throws(StoreError) -> Int {
    try locked { matching(filter).count }
  }

  func devices(filter: String, offset: Int, limit: Int) throws(StoreError) -> [Device] {
    try locked {
      windowsRequested.append((offset, limit))
      return Array(matching(filter).dropFirst(offset).prefix(limit))
    }
  }

  func device(serial: String) throws(StoreError) -> Device? {
    try locked { deviceTable.first { $0.serial == serial } }
  }

  func licenses(of serials: [String]) throws(StoreError) -> [String: [License]] {
    try locked {
      var out: [String: [License]] = [:]
      for serial in serials { out[serial] = licenseTable[serial] ?? [] }
      return out
    }
  }

  func issue(_ plan: Plan, codes: [ActivationCode], context: WriteContext) throws(StoreError) {
    try locked { for code in codes { issued[code] = plan } }
  }

  func activate(_ code: ActivationCode, context: WriteContext) throws(StoreError)
    -> ActivatedPlan
  {
    try locked { () throws(StoreError) in
      if let known = activatedCodes.first(where: { $0.code == code }) { return known.plan }
      guard let plan = issued[code] else { throw .unknownCode(masked: code.masked) }
      if let redeemBy = plan.redeemBy, context.now > redeemBy {
        throw .redeemByPassed(masked: code.masked, redeemBy: redeemBy)
      }
      let activated = ActivatedPlan(
        id: nextPlanID, maskedCode: code.masked, plan: plan, seatsLeft: plan.seats,
        activatedAt: context.now, assignedDevices: [])
      nextPlanID += 1
      activatedCodes.append((code, activated))
      return activated
    }
  }

  func activatedPlans() throws(StoreError) -> [ActivatedPlan] {
    try locked { activatedCodes.map(\.plan).reversed() }
  }

  func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) throws(StoreError) -> [License] {
    try locked { () throws(StoreError) in
      guard let index = activatedCodes.firstIndex(where: { $0.plan.id == planID }) else {
        throw .unknownPlan(id: planID)
      }
      let plan = activatedCodes[index].plan
      guard serials.count <= plan.seatsLeft else {
        throw .notEnoughSeats(
          masked: plan.maskedCode, requested: serials.count, seatsLeft: plan.seatsLeft,
          assignedTo: plan.assignedDevices)
      }
      var fresh: [String: Projection] = [:]
      for serial in serials {
        guard deviceTable.contains(where: { $0.serial == serial }) else {
          throw .unknownDevice(serial: serial)
        }
        fresh[serial] = StartRule.project(
          licenses: licenseTable[serial] ?? [], now: context.now, tier: plan.plan.tier,
          termMonths: plan.plan.termMonths)
      }
      // As the SQLite store: the dates shown are compared by kind and UTC day.
      if let expected {
        for (serial, projection) in fresh {
          guard let shown = expected[serial], shown.kind == projection.kind,
            Timestamp.formatDay(shown.start) == Timestamp.formatDay(projection.start),
            Timestamp.formatDay(shown.end) == Timestamp.formatDay(projection.end)
          else { throw .datesChanged(fresh: fresh) }
        }
      }
      let written = serials.compactMap { serial -> License? in
        guard let projection = fresh[serial] else { return nil }
        return License(
          device: serial, tier: plan.plan.tier, kind: projection.kind, start: projection.start,
          end: projection.end, maskedCode: plan.maskedCode)
      }
      for license in written { licenseTable[license.device, default: []].append(license) }
      activatedCodes[index].plan.seatsLeft -= written.count
      activatedCodes[index].plan.assignedDevices += serials
      return written
    }
  }

  // MARK: - Another technician

  /// Writes a license directly, as another technician's confirm would.
  func addLicense(_ license: License) {
    lock.lock()
    defer { lock.unlock() }
    licenseTable[license.device, default: []].append(license)
  }

  /// Takes `count` seats of a plan, as another technician's confirm would.
  func takeSeats(planID: Int64, count: Int, for serials: [String]) {
    lock.lock()
    defer { lock.unlock() }
    guard let index = activatedCodes.firstIndex(where: { $0.plan.id == planID }) else { return }
    activatedCodes[index].plan.seatsLeft -= count
    activatedCodes[index].plan.assignedDevices += serials
  }
}
