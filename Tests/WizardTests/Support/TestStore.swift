import Foundation
import GRDB
import SQLiteStore
import SubscriptionStore
import Subscriptions
import Wizard

/// The wizard's tests run on the real store (SQLite in a temporary folder), so no second
/// copy of the store's rules exists: what a test sets up goes in through the store's own
/// writes.
enum TestStore {
  /// A fresh store holding `devices` and, for each of `licenses` (one per device), a
  /// one-seat plan assigned at the license's start, so it ends where the license ends.
  static func make(devices: [Device] = [], licenses: [License] = []) async throws -> SQLiteStore {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-wizard-\(UUID().uuidString)")
    let path = folder.appendingPathComponent("store.sqlite").path
    let store = try SQLiteStore(path: path)
    // The store refuses control characters in names; a hostile name (another client's
    // write, a tampered file) is put in behind its back, to test how it is shown.
    let hostile = devices.filter { DeviceCheck.problem(with: $0) != nil }
    let placeholders = devices.map { device in
      hostile.contains(device)
        ? Device(serial: device.serial, name: "placeholder", model: "M", site: "S") : device
    }
    try await store.addDevices(placeholders, context: context(at: Fixture.now))
    if !hostile.isEmpty {
      try await DatabaseQueue(path: path).write { db in
        for device in hostile {
          try db.execute(
            sql: "UPDATE device SET name = ?, model = ?, site = ?, search = ? WHERE serial = ?",
            arguments: [
              device.name, device.model, device.site, DeviceSearch.text(of: device),
              device.serial,
            ])
        }
      }
    }
    var random = SeededRandom(seed: 0x57)
    for license in licenses {
      var months = 1
      while UTCCalendar.adding(months: months, to: license.start) < license.end { months += 1 }
      let code = ActivationCode.generate(using: &random)
      let at = context(at: license.start)
      try await store.issue(
        Plan(tier: license.tier, termMonths: months, seats: 1), codes: [code], context: at)
      let plan = try await store.activate(code, context: at)
      _ = try await store.assign(planID: plan.id, to: [license.device], expected: nil, context: at)
    }
    return store
  }

  static func context(at now: Date, operatorName: String = "vendor") -> WriteContext {
    WriteContext(now: now, operatorName: operatorName, host: "test", writeID: UUID())
  }
}

/// Passes every call to a real store and records the windows and counts the wizard asks
/// for, to check that it never loads the whole fleet; with a `delay`, every call first waits
/// that long (as a store across a slow link would), and a cancelled call writes nothing.
final class RecordingStore: SubscriptionStoring, @unchecked Sendable {
  let base: any SubscriptionStoring
  private let lock = NSLock()
  private var delayed: Duration
  /// How long each call waits before it reaches the real store.
  var delay: Duration {
    get { lock.withLock { delayed } }
    set { lock.withLock { delayed = newValue } }
  }
  private var windows: [DeviceWindow] = []
  private var counts: [String] = []
  private var stoppedCounts: [String] = []
  private var slowCounted: (filter: String, delay: Duration)?
  /// A filter whose count waits this long instead of `delay` (reading every match of a
  /// common needle in a big fleet takes longer than a window).
  var slowCount: (filter: String, delay: Duration)? {
    get { lock.withLock { slowCounted } }
    set { lock.withLock { slowCounted = newValue } }
  }

  init(_ base: any SubscriptionStoring, delay: Duration = .zero) {
    self.base = base
    delayed = delay
  }

  /// The filters of every `deviceCount` call, in order.
  var countsRequested: [String] { lock.withLock { counts } }

  /// The filters of the `deviceCount` calls cancelled while they waited.
  var countsStopped: [String] { lock.withLock { stoppedCounts } }

  private func travel(_ delay: Duration? = nil) async throws(StoreError) {
    let delay = delay ?? self.delay
    guard delay > .zero else { return }
    do {
      try await Task.sleep(for: delay)
    } catch {
      throw .cancelled
    }
  }

  var windowsRequested: [DeviceWindow] { lock.withLock { windows } }

  /// The most devices one `deviceRows(filter:…)` call asked for.
  var largestWindow: Int { windowsRequested.map(\.limit).max() ?? 0 }

  var displayName: String { base.displayName }

  func addDevices(_ devices: [Device], context: WriteContext) async throws(StoreError) {
    try await travel()
    try await base.addDevices(devices, context: context)
  }

  func deviceCount(filter: String) async throws(StoreError) -> Int {
    let slow = lock.withLock {
      counts.append(filter)
      return slowCounted.flatMap { $0.filter == filter ? $0.delay : nil }
    }
    do {
      try await travel(slow)
    } catch {
      lock.withLock { stoppedCounts.append(filter) }
      throw error
    }
    return try await base.deviceCount(filter: filter)
  }

  func deviceRows(filter: String, window: DeviceWindow) async throws(StoreError) -> [DeviceRow] {
    try await travel()
    lock.withLock { windows.append(window) }
    return try await base.deviceRows(filter: filter, window: window)
  }

  func device(serial: String) async throws(StoreError) -> Device? {
    try await travel()
    return try await base.device(serial: serial)
  }

  func licenses(of serials: [String]) async throws(StoreError) -> [String: [License]] {
    try await travel()
    return try await base.licenses(of: serials)
  }

  func issue(_ plan: Plan, codes: [ActivationCode], context: WriteContext)
    async throws(StoreError)
  {
    try await travel()
    try await base.issue(plan, codes: codes, context: context)
  }

  func activate(
    _ code: ActivationCode, assigning serials: [String], dryRun: Bool, context: WriteContext
  ) async throws(StoreError) -> ActivationOutcome {
    try await travel()
    return try await base.activate(code, assigning: serials, dryRun: dryRun, context: context)
  }

  func activatedPlans() async throws(StoreError) -> [ActivatedPlan] {
    try await travel()
    return try await base.activatedPlans()
  }

  func assign(
    planID: Int64, to serials: [String], expected: [String: Projection]?,
    context: WriteContext
  ) async throws(StoreError) -> [License] {
    try await travel()
    return try await base.assign(planID: planID, to: serials, expected: expected, context: context)
  }

  func readOverview(batchSize: Int, _ batch: ([Device], [String: [License]]) throws -> Void)
    async throws(StoreError) -> [ActivatedPlan]
  {
    try await base.readOverview(batchSize: batchSize, batch)
  }

  func auditTrail(limit: Int) async throws(StoreError) -> [AuditEntry] {
    try await travel()
    return try await base.auditTrail(limit: limit)
  }
}

extension WizardDriver {
  /// One key, and the store calls it started answered.
  @discardableResult
  func press(_ key: Key) async -> Outcome {
    let outcome = handle(key)
    await settle()
    return outcome
  }

  /// The frame at `size` once the rows it shows are loaded.
  func settledRender(size: Size) async -> ScreenBuffer {
    _ = render(size: size)
    await settle()
    return render(size: size)
  }
}
