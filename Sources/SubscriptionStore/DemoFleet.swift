import Foundation
import Subscriptions

/// The demo data set behind `--demo` and the golden screens: 14 devices over four sites
/// (names in Japanese, with an emoji and with a combining accent among them, as people type),
/// on basic, standard and advanced, two expiring within 30 days, one with a queued
/// extension and one with a downgrade queued behind its Advanced license, an activated
/// plan with seats left, and three issued codes a presenter can type.
///
/// Everything is placed relative to `now` by replaying the fleet's history through the
/// store's own writes (issue, activate, assign at past instants), so the licenses follow
/// the start rule exactly as real ones would.
public struct DemoFleet: Sendable, Hashable {
  /// Issued but not activated codes, canonical, for the Activate Code hint: Standard
  /// 12 months 1 seat, Advanced 36 months 3 seats, Advanced 12 months 1 seat.
  public var demoCodes: [String]
  /// The devices seeded, in the order they were added.
  public var devices: [Device]

  /// The clock the golden screens are rendered at: 2027-01-15T09:00:00Z.
  public static let referenceNow = UTCCalendar.date(year: 2027, month: 1, day: 15, hour: 9)
  /// The seed that makes the demo's codes stable.
  public static let seed: UInt64 = 2027

  /// Seeds `store` with the demo fleet relative to `now`, codes drawn from `SeededRandom`
  /// with `DemoFleet.seed`.
  @discardableResult
  public static func seed(into store: any SubscriptionStoring, now: Date) async throws(StoreError)
    -> DemoFleet
  {
    var random = SeededRandom(seed: seed)
    return try await self.seed(into: store, now: now, random: &random)
  }

  /// Seeds `store` with the demo fleet relative to `now`, codes drawn from `random`.
  @discardableResult
  public static func seed(
    into store: any SubscriptionStoring, now: Date, random: inout some RandomNumberGenerator
  ) async throws(StoreError) -> DemoFleet {
    // Write ids from their own stream, so the codes stay those of `random`.
    var ids = SeededRandom(seed: DemoFleet.seed ^ 0x1D)
    let at = { (months: Int, days: Int) -> WriteContext in
      let date = UTCCalendar.adding(months: months, to: now).addingTimeInterval(
        TimeInterval(days) * 86_400)
      return WriteContext(
        now: date, operatorName: "demo", host: "demo", writeID: ids.nextUUID())
    }
    var codes: [ActivationCode] = []
    for _ in 0..<8 { codes.append(ActivationCode.generate(using: &random)) }
    let (a, e, b, c, d, f, g, h) = (
      codes[0], codes[1], codes[2], codes[3], codes[4], codes[5], codes[6], codes[7]
    )

    try await store.addDevices(devices, context: at(-24, 0))

    // Advanced 36 months on three racks, 22 months ago: running until now + 14 months.
    let planA = try await issueAndActivate(
      a, Plan(tier: .advanced, termMonths: 36, seats: 3), store, issued: at(-22, -7),
      activated: at(-22, 0))
    _ = try await store.assign(
      planID: planA, to: ["AS1935123401", "AS1935123402", "AS2112998877"], expected: nil,
      context: at(-22, 0))
    // A Standard year that ran out 7 months ago: the gatehouse is back on basic.
    let planE = try await issueAndActivate(
      e, Plan(tier: .standard, termMonths: 12, seats: 1), store, issued: at(-19, -7),
      activated: at(-19, 0))
    _ = try await store.assign(planID: planE, to: ["3B1942001234"], expected: nil, context: at(-19, 0))
    // Standard, 4 seats, used over several months; the Lyon lines expire in 11 days.
    let planB = try await issueAndActivate(
      b, Plan(tier: .standard, termMonths: 12, seats: 4), store, issued: at(-12, 4),
      activated: at(-12, 11))
    _ = try await store.assign(
      planID: planB, to: ["3S2104789012", "3S2104789013"], expected: nil, context: at(-12, 11))
    // Advanced year on the control room: expires in 25 days.
    let planC = try await issueAndActivate(
      c, Plan(tier: .advanced, termMonths: 12, seats: 1), store, issued: at(-12, 18),
      activated: at(-12, 25))
    _ = try await store.assign(planID: planC, to: ["AS2108234567"], expected: nil, context: at(-12, 25))
    _ = try await store.assign(planID: planB, to: ["AS2203345601"], expected: nil, context: at(-10, 0))
    _ = try await store.assign(planID: planB, to: ["AS2011456710"], expected: nil, context: at(-8, 0))
    // Standard, 5 seats, 2 left: an extension queued on Line 2, a new license in Osaka,
    // and a downgrade queued behind Rack A2's Advanced license.
    let planD = try await issueAndActivate(
      d, Plan(tier: .standard, termMonths: 12, seats: 5), store, issued: at(-2, -20),
      activated: at(-2, -13))
    _ = try await store.assign(
      planID: planD, to: ["3S2104789013", "AS2112998878"], expected: nil, context: at(-2, -13))
    _ = try await store.assign(planID: planD, to: ["AS1935123402"], expected: nil, context: at(-1, -14))

    // Issued, not yet activated: the codes a presenter types.
    let redeemBy = endOfDay(UTCCalendar.adding(months: 6, to: now))
    try await store.issue(
      Plan(tier: .standard, termMonths: 12, seats: 1, redeemBy: redeemBy), codes: [f],
      context: at(0, -5))
    try await store.issue(Plan(tier: .advanced, termMonths: 36, seats: 3), codes: [g], context: at(0, -5))
    try await store.issue(Plan(tier: .advanced, termMonths: 12, seats: 1), codes: [h], context: at(0, -5))
    return DemoFleet(demoCodes: [f, g, h].map(\.canonical), devices: devices)
  }

  /// The fleet, by site.
  public static let devices: [Device] = [
    Device(
      serial: "AS1935123401", name: "Rack A1 UPS", model: "Smart-UPS SRT 5000", site: "Berlin DC"),
    Device(
      serial: "AS1935123402", name: "Rack A2 UPS", model: "Smart-UPS SRT 3000", site: "Berlin DC"),
    Device(
      serial: "AS2011456710", name: "Core switch UPS", model: "Smart-UPS X 3000", site: "Berlin DC"),
    Device(
      serial: "AS2011456711", name: "Storage UPS", model: "Smart-UPS SRT 6000", site: "Berlin DC"),
    Device(
      serial: "3S2104789012", name: "Line 1 PLC UPS", model: "Smart-UPS 1500", site: "Lyon Plant"),
    Device(
      serial: "3S2104789013", name: "Line 2 PLC UPS", model: "Smart-UPS 1500", site: "Lyon Plant"),
    Device(
      serial: "AS2108234567", name: "Control room UPS", model: "Smart-UPS SRT 2200",
      site: "Lyon Plant"),
    Device(
      serial: "3B1942001234", name: "Gue\u{301}rite UPS", model: "Back-UPS Pro 1500", site: "Lyon Plant"),
    Device(
      serial: "AS2203345601", name: "Server closet UPS", model: "Smart-UPS 3000",
      site: "Austin Office"),
    Device(
      serial: "3B2207112233", name: "Reception UPS", model: "Back-UPS Pro 900",
      site: "Austin Office"),
    Device(
      serial: "AS2207556677", name: "Lab bench UPS", model: "Smart-UPS 1000", site: "Austin Office"),
    Device(
      serial: "AS2112998877", name: "Test rig 🔋 UPS", model: "Smart-UPS SRT 1000", site: "Osaka Lab"),
    Device(serial: "AS2112998878", name: "Network UPS", model: "Smart-UPS 2200", site: "Osaka Lab"),
    Device(serial: "AS2301445566", name: "大阪ラボ UPS", model: "Smart-UPS 1500", site: "Osaka Lab"),
  ]

  private static func issueAndActivate(
    _ code: ActivationCode, _ plan: Plan, _ store: any SubscriptionStoring,
    issued: WriteContext, activated: WriteContext
  ) async throws(StoreError) -> Int64 {
    try await store.issue(plan, codes: [code], context: issued)
    return try await store.activate(code, context: activated).id
  }

  private static func endOfDay(_ date: Date) -> Date {
    let (y, m, d) = UTCCalendar.components(of: date)
    return UTCCalendar.date(year: y, month: m, day: d, hour: 23, minute: 59, second: 59)
  }
}
