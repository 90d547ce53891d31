import Foundation
import GRDB
import Subscriptions
import Testing

@testable import SubscriptionStore
@testable import SQLiteStore

@Suite struct AuditTrailTests {
  @Test(arguments: StoreKind.allCases)
  func everyWriteIsRecordedWithOperatorHostTimeAndMaskedCode(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let code = Fixture.code(1)
    // Each write has its own id (a server store records it), the same operator and time.
    try await store.addDevices(Fixture.devices(2), context: Fixture.context())
    try await store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 2), codes: [code], context: Fixture.context())
    _ = try await store.activate(
      code, assigning: ["SN1", "SN2"], dryRun: false, context: Fixture.context())
    let trail = try await store.auditTrail()
    #expect(
      trail.map(\.action) == [
        "device.add", "code.issue", "code.activate", "license.assign", "license.assign",
      ])
    #expect(
      trail.allSatisfy {
        $0.operatorName == "alice" && $0.host == "bench-01" && $0.at == Fixture.now
      })
    #expect(trail.compactMap(\.maskedCode).allSatisfy { $0 == code.masked })
    #expect(trail.suffix(2).map(\.device) == ["SN1", "SN2"])
    #expect(trail.allSatisfy { !$0.detail.contains(code.canonical) })
    #expect(try await store.auditTrail(limit: 1).map(\.device) == ["SN2"])
  }

  @Test(arguments: StoreKind.allCases)
  func refusedAndDryRunWritesLeaveNoTrail(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let code = Fixture.code(2)
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    try await store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 1), codes: [code], context: Fixture.context())
    let before = try await store.auditTrail().count
    _ = try await store.activate(code, assigning: ["SN1"], dryRun: true, context: Fixture.context())
    _ = await try? store.activate(
      code, assigning: ["SN1", "X"], dryRun: false, context: Fixture.context())
    #expect(try await store.auditTrail().count == before)
  }

  @Test(arguments: [
    "UPDATE audit SET operator = 'mallory'",
    "DELETE FROM audit",
    "UPDATE license SET ends_at = ends_at + 86400",
    "DELETE FROM license",
  ])
  func auditTrailAndLicensesCannotBeRewritten(sql: String) async throws {
    let temp = try TemporaryStore()
    let code = Fixture.code(3)
    try await temp.store.addDevices(Fixture.devices(1), context: Fixture.context())
    try await temp.store.issue(
      Plan(tier: .advanced, termMonths: 12, seats: 1), codes: [code], context: Fixture.context())
    _ = try await temp.store.activate(code, assigning: ["SN1"], dryRun: false, context: Fixture.context())
    let trail = try await temp.store.auditTrail()
    let licenses = try await temp.store.licenses(of: ["SN1"])
    await #expect(throws: DatabaseError.self) {
      try await temp.store.pool.write { db in try db.execute(sql: sql) }
    }
    #expect(try await temp.store.auditTrail() == trail)
    #expect(try await temp.store.licenses(of: ["SN1"]) == licenses)
  }

  @Test func seatsCannotBeOverdrawnEvenBehindTheStoresBack() async throws {
    let temp = try TemporaryStore()
    try await temp.store.addDevices(Fixture.devices(2), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(temp.store, tier: .standard, seats: 1, seed: 4)
    _ = try await temp.store.assign(planID: plan, to: ["SN1"], expected: nil, context: Fixture.context())
    await #expect(throws: DatabaseError.self) {
      try await temp.store.pool.write { db in
        try db.execute(
          sql: """
            INSERT INTO license (device, code_id, tier, kind, starts_at, ends_at, confirmed_at)
            VALUES ('SN2', ?, 'standard', 'new', 0, 1, 0)
            """, arguments: [plan])
      }
    }
  }
}
