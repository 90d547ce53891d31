import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore

/// The demo fleet, seeded through the interface, reads the same on every store.
@Suite struct DemoFleetTests {
  let now = DemoFleet.referenceNow

  func seeded(_ kind: StoreKind) async throws -> (any SubscriptionStoring, DemoFleet) {
    let store = try await kind.makeStore()
    let fleet = try await DemoFleet.seed(into: store, now: now)
    return (store, fleet)
  }

  func statuses(_ store: any SubscriptionStoring) async throws -> [String: DeviceStatus] {
    let devices = try await store.devices(filter: "", window: .first(limit: 100))
    return try await store.licenses(of: devices.map(\.serial)).mapValues {
      DeviceStatus.at(now, licenses: $0)
    }
  }

  @Test(arguments: StoreKind.allCases) func fleetCoversEveryTierOverFourSites(kind: StoreKind) async throws {
    let (store, fleet) = try await seeded(kind)
    #expect(try await store.deviceCount(filter: "") == 14)
    #expect(Set(fleet.devices.map(\.site)).count == 4)
    let byTier = await Dictionary(grouping: try statuses(store).values, by: \.tier).mapValues(
      \.count)
    #expect(byTier == [.basic: 5, .standard: 5, .advanced: 4])
  }

  @Test(arguments: StoreKind.allCases) func twoDevicesExpireWithinThirtyDays(kind: StoreKind) async throws {
    let (store, _) = try await seeded(kind)
    let expiring = try await statuses(store).filter(\.value.expiring)
    #expect(Set(expiring.keys) == ["3S2104789012", "AS2108234567"])
    #expect(expiring["3S2104789012"]?.coveredUntil == now.addingTimeInterval(11 * 86_400))
  }

  @Test(arguments: StoreKind.allCases) func queuedLicensesWaitBehindTheRunningOne(kind: StoreKind) async throws {
    let (store, _) = try await seeded(kind)
    let licenses = try await store.licenses(of: ["3S2104789013", "AS1935123402"])
    let line2 = licenses["3S2104789013"] ?? []
    #expect(line2.map(\.kind) == [.new, .extension])
    #expect(line2[1].start == line2[0].end && line2[1].start > now)
    let rack = licenses["AS1935123402"] ?? []
    #expect(rack.map(\.kind) == [.new, .downgrade])
    #expect(rack[1].start == rack[0].end && rack[1].tier == .standard)
  }

  @Test(arguments: StoreKind.allCases) func oneActivatedPlanHasSeatsLeftAndTheDemoCodesAreIssuedOnly(kind: StoreKind) async throws {
    let (store, fleet) = try await seeded(kind)
    let plans = try await store.activatedPlans()
    #expect(plans.filter { $0.seatsLeft > 0 }.map(\.seatsLeft) == [2])
    #expect(fleet.demoCodes.count == 3)
    let codes = try fleet.demoCodes.map { try ActivationCode(parsing: $0) }
    #expect(codes.map(\.canonical) == fleet.demoCodes)
    var activated: [ActivatedPlan] = []
    for code in codes {
      activated.append(try await store.activate(code, context: Fixture.context(now)))
    }
    #expect(activated.map(\.plan.tier) == [.standard, .advanced, .advanced])
    #expect(activated.map(\.plan.seats) == [1, 3, 1])
    #expect(activated.allSatisfy { $0.activatedAt == now && $0.seatsLeft == $0.plan.seats })
  }

  @Test(arguments: StoreKind.allCases) func sameSeedGivesTheSameCodesAndHistory(kind: StoreKind) async throws {
    let (first, a) = try await seeded(kind)
    let (second, b) = try await seeded(kind)
    #expect(a == b)
    #expect(
      try await first.activatedPlans().map(\.maskedCode)
        == second.activatedPlans().map(\.maskedCode))
  }

  @Test(arguments: StoreKind.allCases) func fleetFollowsAnyNow(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let other = UTCCalendar.date(year: 2031, month: 3, day: 31, hour: 17, minute: 4)
    try await DemoFleet.seed(into: store, now: other)
    let devices = try await store.devices(filter: "", window: .first(limit: 100))
    let statuses = try await store.licenses(of: devices.map(\.serial)).mapValues {
      DeviceStatus.at(other, licenses: $0)
    }
    #expect(statuses.values.filter(\.expiring).count == 2)
    #expect(statuses.values.filter { $0.tier == .basic }.count == 5)
  }
}
