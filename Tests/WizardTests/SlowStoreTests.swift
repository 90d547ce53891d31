import Foundation
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// A store 300 ms away (a gateway on a cellular link): keys act at once, "Working…" shows
/// while a call runs long, Esc and Ctrl-C stop a write without writing, and list results
/// that the technician has already moved past are never fetched or shown.
@Suite("Slow store")
struct SlowStoreTests {
  static let delay: Duration = .milliseconds(300)

  static func driver(_ store: any SubscriptionStoring) -> WizardDriver {
    WizardDriver(store: store, clock: { Fixture.now }, operatorName: "tech", host: "host")
  }

  @Test func aKeyActsAtOnceWhileTheStoreIsStillAnswering() async throws {
    let store = RecordingStore(
      try await TestStore.make(devices: Fixture.devices), delay: Self.delay)
    let driver = Self.driver(store)
    let before = ContinuousClock.now
    driver.start()
    driver.handle(.character("a"))
    // Handled without waiting for the store: the screen changed, the loads still run.
    #expect(ContinuousClock.now - before < Self.delay)
    #expect(driver.state.screen == .activateCode)
    #expect(driver.isBusy)
    // Only reads run: a front end may wait a moment for them before drawing.
    #expect(driver.isOnlyReading)
    await driver.settle()
    #expect(!driver.isBusy)
    #expect(!driver.isOnlyReading)
    #expect(driver.state.overview.list.count == Fixture.devices.count)
  }

  @Test func workingShowsOnlyOnceACallHasRunForAWhile() async throws {
    let store = RecordingStore(
      try await TestStore.make(devices: Fixture.devices), delay: Self.delay)
    let driver = Self.driver(store)
    driver.start()
    let started = ContinuousClock.now
    let due = try #require(driver.tick(at: started))
    #expect(due <= WizardDriver.workingAfter)
    #expect(!driver.state.working)
    #expect(!driver.render(size: .minimum).text.contains("Working…"))
    #expect(driver.tick(at: started + WizardDriver.workingAfter) == nil)
    #expect(driver.state.working)
    #expect(driver.render(size: .minimum).text.contains("Working…"))
    await driver.settle()
    #expect(!driver.state.working)
    #expect(!driver.render(size: .minimum).text.contains("Working…"))
  }

  @Test func typingAFilterFetchesOnlyTheLastOneTyped() async throws {
    let store = RecordingStore(
      try await TestStore.make(devices: Fixture.devices), delay: Self.delay)
    let driver = Self.driver(store)
    driver.start()
    await driver.settle()
    for key in [Key.character("/"), .character("a"), .character("d"), .character("v")] {
      driver.handle(key)
    }
    await driver.settle()
    // "a"'s window started at once; "a"'s count and all of "ad" were overtaken by "adv"
    // before they ran.
    #expect(store.countsRequested == ["", "adv"])
    #expect(driver.state.overview.list.filter == "adv")
    #expect(driver.state.overview.list.rows.map(\.device) == [Fixture.advanced])
  }

  /// A driver over `store` whose first screen is loaded; then `filter`'s count waits 30 s
  /// and the filter is typed after `/`, key by key.
  static func typing(_ filter: String, slowlyCountedOn store: RecordingStore) async
    -> WizardDriver
  {
    let driver = Self.driver(store)
    driver.start()
    await driver.settle()
    store.slowCount = (filter, .seconds(30))
    driver.handle(.character("/"))
    for character in filter { driver.handle(.character(character)) }
    return driver
  }

  /// Receives results until `condition` holds (at most 10 s).
  static func until(_ driver: WizardDriver, _ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<1_000 {
      driver.receive()
      if condition() { return true }
      try await Task.sleep(for: .milliseconds(10))
    }
    return false
  }

  /// A new filter's first window comes before its count, the heading saying "of …" until
  /// the count is back; and a count still reading when the filter is typed over is stopped,
  /// not waited for (a common needle's count reads every match of a big fleet).
  @Test func aNewFilterShowsItsRowsBeforeItsCountAndStopsACountTypedOver() async throws {
    let devices = (1...40).map {
      Device(serial: String(format: "SN%03d", $0), name: "UPS \($0)", model: "M", site: "S")
    }
    let store = RecordingStore(try await TestStore.make(devices: devices))
    let driver = await Self.typing("u", slowlyCountedOn: store)
    #expect(try await Self.until(driver) { !driver.state.overview.list.rows.isEmpty })
    let list = driver.state.overview.list
    #expect(list.counting && list.filter == "u")
    let page = Layout.visibleRows(.overview, in: driver.state)
    #expect(driver.render(size: .minimum).text.contains("Devices  1–\(page) of …"))
    // Once "u"'s count is reading, "up" stops it.
    #expect(try await Self.until(driver) { store.countsRequested.last == "u" })
    driver.handle(.character("p"))
    await driver.settle()
    #expect(store.countsStopped == ["u"])
    #expect(store.countsRequested == ["", "u", "up"])
    #expect(!driver.state.overview.list.counting && driver.state.overview.list.count == 40)
    #expect(driver.render(size: .minimum).text.contains("Devices  1–\(page) of 40"))
    #expect(driver.state.loadError == nil)
  }

  /// A filter whose first window comes back short has its count at once: the window ends
  /// the list.
  @Test func aShortFirstWindowIsTheCount() async throws {
    let store = RecordingStore(try await TestStore.make(devices: Fixture.devices))
    let driver = await Self.typing("adv", slowlyCountedOn: store)
    #expect(try await Self.until(driver) { !driver.state.overview.list.rows.isEmpty })
    #expect(!driver.state.overview.list.counting)
    #expect(driver.state.overview.list.count == 1)
    #expect(driver.render(size: .minimum).text.contains("Devices  1–1 of 1"))
    driver.finish()
  }

  /// Walks to Confirm with the basic device selected, the store answering at once.
  static func atConfirm(_ store: RecordingStore) async throws -> WizardDriver {
    try await store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 2), codes: [Fixture.codes[0]],
      context: TestStore.context(at: Fixture.now))
    let driver = Self.driver(store)
    driver.start()
    await driver.settle()
    await driver.press(.character("a"))
    for character in Fixture.codes[0].canonical { await driver.press(.character(character)) }
    await driver.press(.enter)
    await driver.press(.enter)
    await driver.press(.space)
    await driver.press(.enter)
    #expect(driver.state.screen == .confirm)
    return driver
  }

  @Test(arguments: [Key.escape, .interrupt])
  func stoppingAConfirmUnderWayWritesNothing(key: Key) async throws {
    let base = try await TestStore.make(devices: Fixture.devices)
    let store = RecordingStore(base)
    let driver = try await Self.atConfirm(store)
    store.delay = .seconds(30)
    let serial = try #require(driver.state.confirm.rows.first?.device.serial)
    driver.handle(.enter)
    #expect(driver.state.confirm.committing)
    // A write runs: its outcome is shown as soon as it is known, never waited for.
    #expect(driver.isBusy && !driver.isOnlyReading)
    // A second Enter while the store writes does nothing more.
    driver.handle(.enter)
    let outcome = driver.handle(key)
    #expect(outcome == (key == .interrupt ? .quit : .running))
    await driver.settle()
    #expect(driver.state.screen == .confirm)
    #expect(driver.state.confirm.error == .cancelled)
    #expect(!driver.state.confirm.committing)
    #expect(try await base.licenses(of: [serial])[serial] == [])
    let plan = try #require(try await base.activatedPlans().first)
    #expect(plan.seatsLeft == 2)
  }

  @Test func whatAWriteUnderWayCameToIsSaidExactly() async {
    let license = License(
      device: "SN-BASIC", tier: .advanced, kind: .new, start: Fixture.now,
      end: Fixture.months(12), maskedCode: Fixture.codes[0].masked)
    #expect(WizardDriver.report(.committed([license])) == .committed(devices: ["SN-BASIC"]))
    #expect(
      Words.text(ExitReport.committed(devices: ["SN-BASIC"]))
        == "The assignment confirmed before smartconnect ended was written: 1 device (SN-BASIC).")
    #expect(WizardDriver.report(.commitRefused(.cancelled)) == .confirmStopped)
    #expect(
      Words.text(ExitReport.confirmStopped)
        == "smartconnect ended while confirming: nothing was written.")
    let lost = StoreError.connectionLost(store: "db", written: true)
    #expect(WizardDriver.report(.commitRefused(lost)) == .connectionLost(lost))
    let added = [Device(serial: "AS2310100001", name: "Line 3 PLC UPS")]
    #expect(WizardDriver.report(.gatewayDevicesAdded(added)) == .gatewayAdded(serials: ["AS2310100001"]))
    #expect(
      Words.text(ExitReport.gatewayAdded(serials: ["AS2310100001"]))
        == "The device added from this gateway before smartconnect ended was written: 1 (AS2310100001).")
    #expect(WizardDriver.report(.gatewayAddRefused(.cancelled)) == .gatewayAddStopped)
    #expect(WizardDriver.report(.gatewayAddRefused(lost)) == .connectionLost(lost))
    #expect(WizardDriver.report(.plansLoaded([])) == nil)
  }
}
