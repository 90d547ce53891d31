import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore
@testable import SQLiteStore

@Suite struct ActivationTests {
  let now = Fixture.now

  @Test(arguments: StoreKind.allCases)
  func activatingTwiceShowsThePlanAndSeatsLeft(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let code = Fixture.code(1)
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    try await store.issue(
      Plan(tier: .advanced, termMonths: 36, seats: 3), codes: [code], context: Fixture.context())
    #expect(try await store.activatedPlans().isEmpty)
    let first = try await store.activate(code, context: Fixture.context())
    #expect(first.plan == Plan(tier: .advanced, termMonths: 36, seats: 3))
    #expect(first.seatsLeft == 3)
    #expect(first.maskedCode == code.masked)
    _ = try await store.assign(
      planID: first.id, to: ["SN1"], expected: nil, context: Fixture.context())
    let later = now.addingTimeInterval(86_400)
    let again = try await store.activate(code, context: Fixture.context(later))
    #expect(again.id == first.id)
    #expect(again.seatsLeft == 2)
    #expect(again.activatedAt == now)
    #expect(again.assignedDevices == ["SN1"])
  }

  /// Both stores refuse a plan that cannot be sold with the same typed reason, and issue
  /// nothing (the code stays unknown).
  @Test(arguments: StoreKind.allCases)
  func aPlanThatCannotBeSoldIsRefusedWithItsReason(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let code = Fixture.code(9)
    for (plan, reason) in [
      (Plan(tier: .basic, termMonths: 12, seats: 1), StoreReason.planNotSold),
      (Plan(tier: .standard, termMonths: 1201, seats: 1), .termOutOfRange),
      (Plan(tier: .standard, termMonths: 12, seats: 0), .seatsOutOfRange),
    ] {
      await #expect(throws: StoreError.failed(reason: reason)) {
        try await store.issue(plan, codes: [code], context: Fixture.context())
      }
    }
    await #expect(throws: StoreError.unknownCode(masked: code.masked)) {
      try await store.activate(code, context: Fixture.context())
    }
  }

  @Test(arguments: StoreKind.allCases)
  func unknownCodeIsRefused(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let code = Fixture.code(2)
    await #expect(throws: StoreError.unknownCode(masked: code.masked)) {
      try await store.activate(code, context: Fixture.context())
    }
  }

  @Test(arguments: StoreKind.allCases)
  func redeemByLimitsActivationOnlyNotLaterAssignments(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let (late, early) = (Fixture.code(3), Fixture.code(4))
    let redeemBy = UTCCalendar.date(year: 2027, month: 1, day: 14, hour: 23, minute: 59, second: 59)
    let plan = Plan(tier: .standard, termMonths: 12, seats: 2, redeemBy: redeemBy)
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    try await store.issue(plan, codes: [late, early], context: Fixture.context())
    await #expect(throws: StoreError.redeemByPassed(masked: late.masked, redeemBy: redeemBy)) {
      try await store.activate(late, context: Fixture.context())
    }
    // Activated in time, its seats can still be assigned after the redeem-by date.
    let activated = try await store.activate(early, context: Fixture.context(redeemBy))
    let licenses = try await store.assign(
      planID: activated.id, to: ["SN1"], expected: nil, context: Fixture.context())
    #expect(licenses.count == 1)
    #expect(try await store.activatedPlans().map(\.id) == [activated.id])
  }

  /// The issue's "done when", at the store: a 3-seat Advanced code onto four devices, one
  /// of which holds a running Standard license.
  @Test(arguments: StoreKind.allCases)
  func threeSeatAdvancedCodeUpgradesOneAndStartsTwoThenRefusesAFourth(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(4), context: Fixture.context())
    let threeMonthsAgo = UTCCalendar.adding(months: -3, to: now)
    let standard = try await Fixture.activatedPlan(
      store, tier: .standard, seats: 1, seed: 10, at: threeMonthsAgo)
    _ = try await store.assign(
      planID: standard, to: ["SN1"], expected: nil, context: Fixture.context(threeMonthsAgo))

    let advanced = try await Fixture.activatedPlan(store, tier: .advanced, seats: 3, seed: 11)
    let licenses = try await store.assign(
      planID: advanced, to: ["SN1", "SN2", "SN3"], expected: nil, context: Fixture.context())
    let inAYear = UTCCalendar.date(year: 2028, month: 1, day: 15, hour: 9)
    #expect(licenses.map(\.kind) == [.upgrade, .new, .new])
    #expect(licenses.allSatisfy { $0.start == now && $0.end == inAYear && $0.tier == .advanced })

    let plan = try #require(try await store.activatedPlans().first { $0.id == advanced })
    #expect(plan.seatsLeft == 0)
    #expect(plan.assignedDevices == ["SN1", "SN2", "SN3"])
    await #expect(
      throws: StoreError.notEnoughSeats(
        masked: plan.maskedCode, requested: 1, seatsLeft: 0, assignedTo: ["SN1", "SN2", "SN3"],
        assignedCount: 3)
    ) {
      try await store.assign(
        planID: advanced, to: ["SN4"], expected: nil, context: Fixture.context())
    }
    // The Standard license keeps running underneath, its dates unchanged.
    let sn1 = try await store.licenses(of: ["SN1"])["SN1"] ?? []
    #expect(sn1.map(\.tier) == [.standard, .advanced])
    #expect(sn1[0].start == threeMonthsAgo)
    #expect(DeviceStatus.at(now, licenses: sn1).tier == .advanced)
  }

  @Test(
    arguments: StoreKind.allCases,
    [
      // (held tier, new tier, kind, start is the held license's end)
      (Tier.standard, Tier.standard, AssignmentKind.extension, true),
      (Tier.advanced, Tier.standard, AssignmentKind.downgrade, true),
      (Tier.advanced, Tier.advanced, AssignmentKind.extension, true),
      (Tier.standard, Tier.advanced, AssignmentKind.upgrade, false),
    ])
  func startDateFollowsTheStartRule(
    store kind: StoreKind, row: (held: Tier, new: Tier, kind: AssignmentKind, queued: Bool)
  ) async throws {
    let (held, new, expectedKind, queued) = row
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    let earlier = UTCCalendar.adding(months: -5, to: now)
    let first = try await Fixture.activatedPlan(store, tier: held, seats: 1, seed: 20, at: earlier)
    let heldLicense = try await store.assign(
      planID: first, to: ["SN1"], expected: nil, context: Fixture.context(earlier))[0]
    let second = try await Fixture.activatedPlan(store, tier: new, months: 36, seats: 1, seed: 21)
    let license = try await store.assign(
      planID: second, to: ["SN1"], expected: nil, context: Fixture.context())[0]
    #expect(license.kind == expectedKind)
    #expect(license.start == (queued ? heldLicense.end : now))
    #expect(license.end == UTCCalendar.adding(months: 36, to: license.start))
  }

  @Test(arguments: StoreKind.allCases)
  func unknownDeviceWritesNothing(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(2), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(store, tier: .standard, seats: 3, seed: 30)
    await #expect(throws: StoreError.unknownDevice(serial: "NOPE")) {
      try await store.assign(
        planID: plan, to: ["SN1", "NOPE", "SN2"], expected: nil, context: Fixture.context())
    }
    #expect(try await store.licenses(of: ["SN1", "SN2"]) == ["SN1": [], "SN2": []])
    #expect(try await store.activatedPlans()[0].seatsLeft == 3)
  }

  @Test(arguments: StoreKind.allCases)
  func deviceNamedTwiceInOneConfirmWritesNothing(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(2), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(store, tier: .standard, seats: 3, seed: 31)
    await #expect(throws: StoreError.deviceNamedTwice(serial: "SN1")) {
      try await store.assign(
        planID: plan, to: ["SN1", "SN2", "SN1"], expected: nil, context: Fixture.context())
    }
    #expect(try await store.activatedPlans()[0].seatsLeft == 3)
  }

  @Test(arguments: StoreKind.allCases)
  func moreDevicesThanSeatsWritesNothing(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(3), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(store, tier: .standard, seats: 2, seed: 32)
    await #expect {
      try await store.assign(
        planID: plan, to: ["SN1", "SN2", "SN3"], expected: nil, context: Fixture.context())
    } throws: { error in
      guard case .notEnoughSeats(_, 3, 2, [], 0) = error as? StoreError else { return false }
      return true
    }
    #expect(try await store.licenses(of: ["SN1"])["SN1"] == [])
  }

  @Test(arguments: StoreKind.allCases)
  func planThatIsOnlyIssuedCannotBeAssigned(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    try await store.issue(
      Plan(tier: .standard, termMonths: 12, seats: 1), codes: [Fixture.code(33)],
      context: Fixture.context())
    await #expect(throws: StoreError.unknownPlan(id: 1)) {
      try await store.assign(planID: 1, to: ["SN1"], expected: nil, context: Fixture.context())
    }
  }

  @Test(arguments: StoreKind.allCases)
  func changedStartDatesWriteNothingAndCarryTheFreshDates(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(2), context: Fixture.context())
    let mine = try await Fixture.activatedPlan(store, tier: .standard, seats: 2, seed: 40)
    let theirs = try await Fixture.activatedPlan(store, tier: .standard, seats: 1, seed: 41)
    // What the Confirm screen showed a minute ago: two new licenses starting then.
    let shownAt = now.addingTimeInterval(-60)
    let shown = try await store.licenses(of: ["SN1", "SN2"]).mapValues {
      StartRule.project(licenses: $0, now: shownAt, tier: .standard, termMonths: 12)
    }
    // Meanwhile another technician assigns a Standard year to SN2.
    let other = try await store.assign(
      planID: theirs, to: ["SN2"], expected: nil, context: Fixture.context(shownAt))
    await #expect {
      try await store.assign(
        planID: mine, to: ["SN1", "SN2"], expected: shown, context: Fixture.context())
    } throws: { error in
      guard case .datesChanged(let fresh) = error as? StoreError else { return false }
      return fresh["SN2"]?.kind == .extension && fresh["SN2"]?.start == other[0].end
        && fresh["SN1"]?.kind == .new && fresh["SN1"]?.start == now
    }
    #expect(try await store.activatedPlans().first { $0.id == mine }?.seatsLeft == 2)
    // Confirming again with the fresh dates goes through; SN1's start moved by a minute but
    // shows the same day, so it still matches what was shown.
    let fresh = try await store.licenses(of: ["SN1", "SN2"]).mapValues {
      StartRule.project(licenses: $0, now: shownAt, tier: .standard, termMonths: 12)
    }
    let written = try await store.assign(
      planID: mine, to: ["SN1", "SN2"], expected: fresh, context: Fixture.context())
    #expect(written.map(\.kind) == [.new, .extension])
  }

  @Test(arguments: StoreKind.allCases)
  func activateWithDevicesIsAllOrNone(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let code = Fixture.code(50)
    try await store.addDevices(Fixture.devices(2), context: Fixture.context())
    try await store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 2), codes: [code], context: Fixture.context())
    await #expect(throws: StoreError.unknownDevice(serial: "SN9")) {
      try await store.activate(
        code, assigning: ["SN1", "SN9"], dryRun: false, context: Fixture.context())
    }
    // The code was not even activated.
    #expect(try await store.activatedPlans().isEmpty)

    let dry = try await store.activate(
      code, assigning: ["SN1", "SN2"], dryRun: true, context: Fixture.context())
    #expect(dry.plan.seatsLeft == 0)
    #expect(dry.licenses.map(\.kind) == [.new, .new])
    #expect(try await store.activatedPlans().isEmpty)
    #expect(try await store.licenses(of: ["SN1"])["SN1"] == [])

    let real = try await store.activate(
      code, assigning: ["SN1"], dryRun: false, context: Fixture.context())
    #expect(real.plan.seatsLeft == 1)
    #expect(
      real.licenses == [
        License(
          device: "SN1", tier: .advanced, kind: .new, start: now,
          end: UTCCalendar.adding(months: 12, to: now), maskedCode: code.masked)
      ])
  }

  @Test(arguments: StoreKind.allCases)
  func instantsAreStoredInWholeSeconds(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(store, tier: .standard, seats: 1, seed: 60)
    let license = try await store.assign(
      planID: plan, to: ["SN1"], expected: nil,
      context: Fixture.context(now.addingTimeInterval(0.75)))
    #expect(license[0].start == now)
    #expect(try await store.licenses(of: ["SN1"])["SN1"] == license)
  }
}

/// Reading the plans reads the seat counter and a plan's first holders, never all its
/// licenses: a plan of a whole fleet costs what one of ten does.
@Suite struct LargePlanTests {
  @Test(arguments: StoreKind.allCases)
  func aFullPlanNamesItsFirstTenHoldersInAssignmentOrderAndCountsThemAll(kind: StoreKind)
    async throws
  {
    let store = try await kind.makeStore()
    try await store.addDevices(Fixture.devices(26), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(store, tier: .standard, seats: 25, seed: 31)
    let order = (1...25).reversed().map { "SN\($0)" }
    _ = try await store.assign(planID: plan, to: Array(order[0..<7]), expected: nil,
                               context: Fixture.context())
    _ = try await store.assign(planID: plan, to: Array(order[7...]), expected: nil,
                               context: Fixture.context())
    let read = try #require(try await store.activatedPlans().first { $0.id == plan })
    #expect(read.seatsLeft == 0)
    #expect(read.seatsUsed == 25)
    #expect(read.assignedDevices == Array(order.prefix(10)))
    await #expect(
      throws: StoreError.notEnoughSeats(
        masked: read.maskedCode, requested: 1, seatsLeft: 0,
        assignedTo: Array(order.prefix(10)), assignedCount: 25)
    ) {
      try await store.assign(planID: plan, to: ["SN26"], expected: nil, context: Fixture.context())
    }
  }
}
