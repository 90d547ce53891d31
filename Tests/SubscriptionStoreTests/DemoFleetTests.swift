import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore

@Suite struct DemoFleetTests {
  let now = DemoFleet.referenceNow

  func seeded() throws -> (TemporaryStore, DemoFleet) {
    let temp = try TemporaryStore()
    let fleet = try DemoFleet.seed(into: temp.store, now: now)
    return (temp, fleet)
  }

  func statuses(_ store: SQLiteStore) throws -> [String: DeviceStatus] {
    let devices = try store.devices(filter: "", offset: 0, limit: 100)
    return try store.licenses(of: devices.map(\.serial)).mapValues {
      DeviceStatus.at(now, licenses: $0)
    }
  }

  @Test func fleetCoversEveryTierOverFourSites() throws {
    let (temp, fleet) = try seeded()
    #expect(try temp.store.deviceCount(filter: "") == 14)
    #expect(Set(fleet.devices.map(\.site)).count == 4)
    let byTier = Dictionary(grouping: try statuses(temp.store).values, by: \.tier).mapValues(
      \.count)
    #expect(byTier == [.basic: 5, .standard: 5, .advanced: 4])
  }

  @Test func twoDevicesExpireWithinThirtyDays() throws {
    let (temp, _) = try seeded()
    let expiring = try statuses(temp.store).filter(\.value.expiring)
    #expect(Set(expiring.keys) == ["3S2104789012", "AS2108234567"])
    #expect(expiring["3S2104789012"]?.coveredUntil == now.addingTimeInterval(11 * 86_400))
  }

  @Test func queuedLicensesWaitBehindTheRunningOne() throws {
    let (temp, _) = try seeded()
    let licenses = try temp.store.licenses(of: ["3S2104789013", "AS1935123402"])
    let line2 = licenses["3S2104789013"] ?? []
    #expect(line2.map(\.kind) == [.new, .extension])
    #expect(line2[1].start == line2[0].end && line2[1].start > now)
    let rack = licenses["AS1935123402"] ?? []
    #expect(rack.map(\.kind) == [.new, .downgrade])
    #expect(rack[1].start == rack[0].end && rack[1].tier == .standard)
  }

  @Test func oneActivatedPlanHasSeatsLeftAndTheDemoCodesAreIssuedOnly() throws {
    let (temp, fleet) = try seeded()
    let plans = try temp.store.activatedPlans()
    #expect(plans.filter { $0.seatsLeft > 0 }.map(\.seatsLeft) == [2])
    #expect(fleet.demoCodes.count == 3)
    let codes = try fleet.demoCodes.map { try ActivationCode(parsing: $0) }
    #expect(codes.map(\.canonical) == fleet.demoCodes)
    let activated = try codes.map { try temp.store.activate($0, context: Fixture.context(now)) }
    #expect(activated.map(\.plan.tier) == [.standard, .advanced, .advanced])
    #expect(activated.map(\.plan.seats) == [1, 3, 1])
    #expect(activated.allSatisfy { $0.activatedAt == now && $0.seatsLeft == $0.plan.seats })
  }

  @Test func sameSeedGivesTheSameCodesAndHistory() throws {
    let (first, a) = try seeded()
    let (second, b) = try seeded()
    #expect(a == b)
    #expect(
      try first.store.activatedPlans().map(\.maskedCode)
        == second.store.activatedPlans().map(\.maskedCode))
  }

  @Test func fleetFollowsAnyNow() throws {
    let temp = try TemporaryStore()
    let other = UTCCalendar.date(year: 2031, month: 3, day: 31, hour: 17, minute: 4)
    try DemoFleet.seed(into: temp.store, now: other)
    let devices = try temp.store.devices(filter: "", offset: 0, limit: 100)
    let statuses = try temp.store.licenses(of: devices.map(\.serial)).mapValues {
      DeviceStatus.at(other, licenses: $0)
    }
    #expect(statuses.values.filter(\.expiring).count == 2)
    #expect(statuses.values.filter { $0.tier == .basic }.count == 5)
  }
}
