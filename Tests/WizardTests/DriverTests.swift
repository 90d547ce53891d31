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

  static func driver(_ store: any SubscriptionStoring) async -> WizardDriver {
    let driver = WizardDriver(
      store: store, clock: { Fixture.now }, operatorName: "tech", host: "host")
    driver.start()
    await driver.settle()
    return driver
  }

  @Test func aLargeFleetIsReadOneWindowAtATime() async throws {
    let store = RecordingStore(try await TestStore.make(devices: Self.fleet(20_000)))
    let driver = await Self.driver(store)
    _ = await driver.settledRender(size: .minimum)
    for key in [Key.down, .pageDown, .pageDown, .end, .up, .home] { await driver.press(key) }
    #expect(driver.state.overview.list.count == 20_000)
    #expect(driver.state.overview.list.cursor == 0)
    #expect(store.largestWindow == Layout.visibleRows(.overview, in: driver.state))
    #expect(store.windowsRequested.count <= 6)
    // A taller terminal reads a taller window, still not the fleet.
    _ = await driver.settledRender(size: Size(width: 120, height: 40))
    #expect(store.largestWindow == Layout.visibleRows(.overview, in: driver.state))
    #expect(store.largestWindow < 40)
  }

  /// Every key reads its window by seeking from a row it knows (or from an end), never by
  /// counting from the top: End reads the last rows, a ↑ that scrolls the rows before one
  /// still loaded, PgDn the rows after one still loaded; the rows are the list's, in order.
  @Test func keysReadTheirWindowBySeekingFromAKnownRow() async throws {
    let fleet = Self.fleet(5_000)
    let store = RecordingStore(try await TestStore.make(devices: fleet))
    let ordered = fleet.sorted { DeviceKey($0).precedes(DeviceKey($1)) }
    let driver = await Self.driver(store)
    _ = await driver.settledRender(size: .minimum)
    let visible = Layout.visibleRows(.overview, in: driver.state)
    func pointed() -> String? { driver.state.overview.list.current?.device.serial }

    await driver.press(.end)
    #expect(store.windowsRequested.last == .last(limit: visible))
    #expect(pointed() == ordered.last?.serial)
    for _ in 0..<visible { await driver.press(.up) }
    // The window now ends just before the last row, which is still loaded: its key is known.
    #expect(store.windowsRequested.last == .before(DeviceKey(ordered[ordered.count - 1]), limit: visible))
    #expect(pointed() == ordered[ordered.count - visible - 1].serial)
    await driver.press(.home)
    await driver.press(.pageDown)
    await driver.press(.pageDown)
    #expect(pointed() == ordered[2 * visible].serial)
    // The pointer at row 2·visible shows rows visible+1 … 2·visible, after row `visible`.
    #expect(store.windowsRequested.last == .after(DeviceKey(ordered[visible]), limit: visible))
    #expect(store.largestWindow == visible)
    let rows = driver.state.overview.list.rows.map(\.device.serial)
    let offset = driver.state.overview.list.rowsOffset
    #expect(rows == ordered[offset..<offset + rows.count].map(\.serial))
  }

  /// Only the row marker changes on ↓, on the row left and the row reached: the pointer, and
  /// on Assign the check box beside it (`> [ ]`, five cells), so a slow link sends a few
  /// bytes (Benchmarks/rowbytes.py measures them).
  @Test func downMovesOnlyTheRowMarker() async throws {
    let scenario = try await GoldenScreenTests.withTwoSelected()
    for (screen, marker) in [("assign", 5), ("overview", 1)] {
      if screen == "overview" { await scenario.press(.escape, .escape, .escape) }
      let before = await scenario.screen()
      await scenario.press(.down)
      let after = await scenario.screen()
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

  @Test func ctrlCOnConfirmQuitsWithoutWriting() async throws {
    let scenario = try await GoldenScreenTests.withTwoSelected()
    await scenario.press(.enter)
    #expect(scenario.driver.state.screen == .confirm)
    let serials = [scenario.serial("Line 1 PLC UPS"), scenario.serial("Reception UPS")]
    let before = try await scenario.store.licenses(of: serials)
    await #expect(scenario.press(.interrupt) == .quit)
    await #expect(try scenario.store.licenses(of: serials) == before)
    let plan = try await #require(scenario.store.activatedPlans().first { $0.plan.tier == .advanced
      && $0.plan.termMonths == 36 })
    #expect(plan.seatsLeft == 3)
  }

  @Test func escapeNeverLosesWhatWasTyped() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await scenario.type("XWBCM-19G")
    await scenario.press(.escape)
    #expect(scenario.driver.state.screen == .overview)
    await scenario.press(.character("a"))
    #expect(scenario.driver.state.activate.lines.map(\.text) == ["XWBCM-19G"])
    await #expect(scenario.screen().text.contains("[XWBCM-19G "))
  }

  @Test func qQuitsOnlyOnTheOverview() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await #expect(scenario.press(.character("q")) == .running)
    await scenario.press(.escape)
    await #expect(scenario.press(.character("q")) == .quit)
  }

  @Test func hostileNamesAreEscapedAndCutWithoutMovingColumns() async throws {
    let evil = Device(
      serial: "SN-EVIL",
      name: "\u{1B}]0;owned\u{07}\u{1B}[2J A name far too long to fit in its column",
      model: "M", site: "Site")
    let store = try await TestStore.make(
      devices: [evil, Device(serial: "SN-OK", name: "Fine UPS", site: "Site")],
      licenses: [
        License(device: "SN-EVIL", tier: .standard, kind: .new, start: Fixture.months(-1),
                end: Fixture.months(1), maskedCode: "*****-*****-*****-AAAAA")
      ])
    let text = await Self.driver(store).render(size: .minimum).text
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

  @Test func theFocusedCodeLineShowsTheCursor() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await scenario.type("ABC")
    let screen = await scenario.screen()
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

  static func walkToConfirm(devices: [Device], pick: Int) async throws -> (
    WizardDriver, any SubscriptionStoring, TestClock
  ) {
    let store = try await TestStore.make(devices: devices, licenses: [Fixture.standardLicense])
    try await store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 5), codes: [Fixture.codes[0]],
      context: TestStore.context(at: Fixture.now))
    let clock = TestClock()
    let driver = WizardDriver(store: store, clock: { clock.now }, operatorName: "tech",
                              host: "host")
    driver.start()
    await driver.settle()
    _ = await driver.settledRender(size: .minimum)
    await driver.press(.character("a"))
    for character in Fixture.codes[0].canonical { await driver.press(.character(character)) }
    await driver.press(.enter)
    await driver.press(.enter)
    for _ in 0..<pick {
      await driver.press(.space)
      await driver.press(.down)
    }
    await driver.press(.enter)
    return (driver, store, clock)
  }

  @Test func minutesOnTheConfirmScreenDoNotCountAsChangedDates() async throws {
    let (driver, store, clock) = try await Self.walkToConfirm(devices: Fixture.devices, pick: 1)
    #expect(driver.state.screen == .confirm)
    clock.now = Fixture.now.addingTimeInterval(600)
    await driver.press(.enter)
    #expect(driver.state.screen == .success)
    let written = try await store.licenses(of: [Fixture.basic.serial])[Fixture.basic.serial] ?? []
    // Confirmed ten minutes later: the license starts at the confirm, as DESIGN §2 says.
    #expect(written.map(\.start) == [clock.now])
  }

  @Test func manyUpgradesAreStatedInOneSentence() async throws {
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
