import Foundation
import SubscriptionStore
import Subscriptions
import Localization
import Testing
@testable import Wizard

/// The runner: keys in, effects performed against a store, frames out.
@Suite("Driver")
struct DriverTests {
  static func fleet(_ count: Int) -> [Device] {
    (0..<count).map {
      Device(serial: String(format: "SN%07d", $0), name: "UPS \($0)", model: "M",
             site: "Site \($0 / 1000)")
    }
  }

  static func driver(_ store: FakeStore) -> WizardDriver {
    let driver = WizardDriver(
      store: store, clock: { Fixture.now }, operatorName: "tech", host: "host")
    driver.start()
    return driver
  }

  @Test func aLargeFleetIsReadOneWindowAtATime() {
    let store = FakeStore(devices: Self.fleet(20_000))
    let driver = Self.driver(store)
    _ = driver.render(size: .minimum)
    for key in [Key.down, .pageDown, .pageDown, .end, .up, .home] { _ = driver.handle(key) }
    #expect(driver.state.overview.list.count == 20_000)
    #expect(driver.state.overview.list.cursor == 0)
    #expect(store.largestWindow == Layout.visibleRows(.overview, in: driver.state))
    #expect(store.windowsRequested.count <= 6)
    // A taller terminal reads a taller window, still not the fleet.
    _ = driver.render(size: Size(width: 120, height: 40))
    #expect(store.largestWindow == Layout.visibleRows(.overview, in: driver.state))
    #expect(store.largestWindow < 40)
  }

  /// Only the row marker changes on ↓, on the row left and the row reached: the pointer, and
  /// on Assign the check box beside it (`> [ ]`, five cells), so a slow link sends a few
  /// bytes (Benchmarks/rowbytes.py measures them).
  @Test func downMovesOnlyTheRowMarker() throws {
    let scenario = try GoldenScreenTests.withTwoSelected()
    for (screen, marker) in [("assign", 5), ("overview", 1)] {
      if screen == "overview" { scenario.press(.escape, .escape, .escape) }
      let before = scenario.screen()
      scenario.press(.down)
      let after = scenario.screen()
      var changed: [Int] = []
      for index in before.cells.indices where before.cells[index] != after.cells[index] {
        changed.append(index)
      }
      #expect(changed.count == 2 * marker, "\(screen): \(changed.count) cells changed")
      let columns = Set(changed.map { $0 % before.size.width })
      let rows = Set(changed.map { $0 / before.size.width })
      #expect(columns.count == marker, "\(screen): the changes are in the marker's columns")
      #expect(rows.count == 2, "\(screen): the changes are on two rows")
    }
  }

  @Test func ctrlCOnConfirmQuitsWithoutWriting() throws {
    let scenario = try GoldenScreenTests.withTwoSelected()
    scenario.press(.enter)
    #expect(scenario.driver.state.screen == .confirm)
    let serials = [scenario.serial("Line 1 PLC UPS"), scenario.serial("Reception UPS")]
    let before = try scenario.store.licenses(of: serials)
    #expect(scenario.press(.interrupt) == .quit)
    #expect(try scenario.store.licenses(of: serials) == before)
    let plan = try #require(scenario.store.activatedPlans().first { $0.plan.tier == .advanced
      && $0.plan.termMonths == 36 })
    #expect(plan.seatsLeft == 3)
  }

  @Test func escapeNeverLosesWhatWasTyped() throws {
    let scenario = try DemoScenario()
    scenario.press(.character("a"))
    scenario.type("XWBCM-19G")
    scenario.press(.escape)
    #expect(scenario.driver.state.screen == .overview)
    scenario.press(.character("a"))
    #expect(scenario.driver.state.activate.lines.map(\.text) == ["XWBCM-19G"])
    #expect(scenario.screen().text.contains("[XWBCM-19G "))
  }

  @Test func qQuitsOnlyOnTheOverview() throws {
    let scenario = try DemoScenario()
    scenario.press(.character("a"))
    #expect(scenario.press(.character("q")) == .running)
    scenario.press(.escape)
    #expect(scenario.press(.character("q")) == .quit)
  }

  @Test func hostileNamesAreEscapedAndCutWithoutMovingColumns() throws {
    let evil = Device(
      serial: "SN-EVIL",
      name: "\u{1B}]0;owned\u{07}\u{1B}[2J A name far too long to fit in its column",
      model: "M", site: "Site")
    let store = FakeStore(
      devices: [evil, Device(serial: "SN-OK", name: "Fine UPS", site: "Site")],
      licenses: [
        License(device: "SN-EVIL", tier: .standard, kind: .new, start: Fixture.months(-1),
                end: Fixture.months(1), maskedCode: "*****-*****-*****-AAAAA")
      ])
    let text = Self.driver(store).render(size: .minimum).text
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(text.contains("\\u{1b}]0;owned"))
    let lines = text.split(separator: "\n").map(String.init)
    let evilLine = try #require(lines.first { $0.contains("SN-EVIL") })
    let fineLine = try #require(lines.first { $0.contains("SN-OK") })
    #expect(evilLine.contains("…"))
    // The serial starts in the same column on both rows, and the date is whole.
    #expect(Self.column(of: "SN-EVIL", in: evilLine) == Self.column(of: "SN-OK", in: fineLine))
    #expect(evilLine.contains(Display.day(Fixture.months(1))))
  }

  static func column(of needle: String, in line: String) -> Int? {
    line.range(of: needle).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
  }

  @Test func theFocusedCodeLineShowsTheCursor() throws {
    let scenario = try DemoScenario()
    scenario.press(.character("a"))
    scenario.type("ABC")
    let screen = scenario.screen()
    let cursor = try #require(screen.cursor)
    #expect(screen[cursor.row, cursor.column - 1].character == "C")
  }
}

@Suite("Driver commit")
struct DriverCommitTests {
  /// A clock the test moves.
  final class TestClock: @unchecked Sendable {
    var now = Fixture.now
  }

  static func walkToConfirm(devices: [Device], pick: Int) throws -> (WizardDriver, FakeStore,
    TestClock)
  {
    let store = FakeStore(devices: devices, licenses: [Fixture.standardLicense])
    let context = WriteContext(now: Fixture.now, operatorName: "vendor", host: "vendor")
    try store.issue(Plan(tier: .advanced, termMonths: 12, seats: 5), codes: [Fixture.codes[0]],
                    context: context)
    let clock = TestClock()
    let driver = WizardDriver(store: store, clock: { clock.now }, operatorName: "tech",
                              host: "host")
    driver.start()
    _ = driver.render(size: .minimum)
    _ = driver.handle(.character("a"))
    for character in Fixture.codes[0].canonical { _ = driver.handle(.character(character)) }
    _ = driver.handle(.enter)
    _ = driver.handle(.enter)
    for _ in 0..<pick {
      _ = driver.handle(.space)
      _ = driver.handle(.down)
    }
    _ = driver.handle(.enter)
    return (driver, store, clock)
  }

  @Test func minutesOnTheConfirmScreenDoNotCountAsChangedDates() throws {
    let (driver, store, clock) = try Self.walkToConfirm(devices: Fixture.devices, pick: 1)
    #expect(driver.state.screen == .confirm)
    clock.now = Fixture.now.addingTimeInterval(600)
    _ = driver.handle(.enter)
    #expect(driver.state.screen == .success)
    let written = try store.licenses(of: [Fixture.basic.serial])[Fixture.basic.serial] ?? []
    // Confirmed ten minutes later: the license starts at the confirm, as DESIGN §2 says.
    #expect(written.map(\.start) == [clock.now])
  }

  @Test func manyUpgradesAreStatedInOneSentence() throws {
    let devices = (0..<4).map { Device(serial: "SN-U\($0)", name: "Upgrade \($0)", site: "S") }
    let rows = devices.map { device in
      ConfirmRow(
        device: device,
        projection: Projection(start: Fixture.now, end: Fixture.months(12), kind: .upgrade),
        underneath: License(device: device.serial, tier: .standard, kind: .new,
                            start: Fixture.months(-1), end: Fixture.months(3),
                            maskedCode: "*****-*****-*****-AAAAA"))
    }
    let notes = Renderer.underneathNotes(rows, width: 76, .english)
    #expect(notes.count <= 3)
    #expect(notes.joined(separator: " ").contains("Upgrade 0 (Standard until 2027-04-15)"))
    #expect(notes.allSatisfy { $0.count <= 76 })
  }
}
