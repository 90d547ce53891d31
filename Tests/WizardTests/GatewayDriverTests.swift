import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Testing
@testable import Wizard

/// The gateway's upsd is asked once the store has answered the first frame's reads, and then
/// beside the store's effects: a silent upsd holds up no key and no store call, and its
/// answer, when it comes, marks the fleet's units.
@Suite("Gateway (driver)")
struct GatewayDriverTests {
  /// A upsd that answers only when told to.
  actor Upsd {
    private var answered = false
    private var askedWaiters: [CheckedContinuation<Void, Never>] = []
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var asked = 0

    func answer() {
      answered = true
      for continuation in waiting { continuation.resume() }
      waiting.removeAll()
    }

    func wait() async {
      asked += 1
      for continuation in askedWaiters { continuation.resume() }
      askedWaiters.removeAll()
      if answered { return }
      await withCheckedContinuation { waiting.append($0) }
    }

    /// Returns once upsd has been asked at least once.
    func untilAsked() async {
      if asked > 0 { return }
      await withCheckedContinuation { askedWaiters.append($0) }
    }
  }

  @Test(.timeLimit(.minutes(1))) func aSilentUpsdHoldsUpNoKeyAndNoStoreCall() async throws {
    let fleet = DriverTests.fleet(3)
    let upsd = Upsd()
    let scan = GatewayScan(units: [fleet[1], Device(serial: "NEW-1", name: "New", model: "M")])
    let driver = WizardDriver(
      store: try await TestStore.make(devices: fleet), clock: { Fixture.now },
      operatorName: "tech", host: "host",
      gatewayScanner: {
        await upsd.wait()
        return scan
      })
    driver.start()
    // The store's effects all run and come back while upsd has not answered.
    driver.waitUntilIdle(limit: .seconds(30))
    #expect(!driver.isBusy)
    #expect(driver.state.overview.list.count == 3)
    #expect(driver.state.overview.list.rows.count == 3)
    #expect(driver.state.gateway.scan == nil)
    _ = driver.handle(.down)
    #expect(driver.state.overview.list.cursor == 1)
    // Asked after the store's reads came back (the scan starts when the queue empties).
    await upsd.untilAsked()
    #expect(await upsd.asked == 1)

    await upsd.answer()
    await driver.settle()
    #expect(driver.state.gateway.scan == scan)
    #expect(driver.state.gateway.inFleet?.map(\.device) == [fleet[1]])
    #expect(driver.state.gateway.newUnits.map(\.serial) == ["NEW-1"])
  }

  /// Enter on the offer writes the new units, all in one add, and the Overview counts them.
  @Test func theOfferAddsTheNewUnitsToTheStore() async throws {
    let fleet = DriverTests.fleet(2)
    let new = [
      Device(serial: "NEW-1", name: "New one", model: "M"),
      Device(serial: "NEW-2", name: "New two", model: "M"),
    ]
    let store = try await TestStore.make(devices: fleet)
    let driver = WizardDriver(
      store: store, clock: { Fixture.now }, operatorName: "tech", host: "host",
      gatewayScanner: { GatewayScan(units: [fleet[0]] + new, skipped: 1) })
    driver.start()
    await driver.settle()
    _ = await driver.press(.character("g"))
    #expect(driver.state.gateway.confirming)
    _ = await driver.press(.enter)
    #expect(driver.state.gateway.outcome == .added(count: 2))
    #expect(driver.state.overview.list.count == 4)
    // At the site of the gateway's unit the fleet has.
    for var device in new {
      device.site = fleet[0].site
      #expect(try await store.device(serial: device.serial) == device)
    }
    let audit = try await store.auditTrail()
    // One write for both: all or none.
    let added = audit.filter { $0.action == AuditAction.deviceAdd.rawValue && $0.operatorName == "tech" }
    #expect(added.map(\.detail) == ["added 2 devices"])
  }

  /// What an add under way when the wizard ended came to, in every language.
  @Test(arguments: Language.allCases)
  func whatAnAddUnderWayCameToIsSaidInEveryLanguage(_ language: Language) {
    for report in [ExitReport.gatewayAdded(serials: ["AS1", "AS2"]), .gatewayAddStopped] {
      let words = Words.text(report, language)
      #expect(!words.contains("{"), "\(language): \(words)")
      if case .gatewayAdded = report { #expect(words.contains("AS1, AS2"), "\(words)") }
      if language != .english { #expect(words != Words.text(report, .english), "\(words)") }
    }
  }

  /// Without a scanner (`--demo`, `--no-nut`) nothing is asked and nothing shows.
  @Test func withoutAScannerNothingIsAsked() async throws {
    let driver = await DriverTests.driver(try await TestStore.make(devices: DriverTests.fleet(2)))
    #expect(driver.state.gateway == GatewayState())
  }
}
