import Foundation
import PostgresTestServer
import SubscriptionStore
import Subscriptions
import Testing

@testable import PostgresStore

/// A link cut in the middle of a commit (a proxy between store and server): the store looks
/// its write up by id on a new connection; written, it returns what it wrote; not written,
/// it says so.
@Suite struct LostCommitTests {
  func open(_ url: String) async throws -> PostgresStore {
    try await TestStores.open(url, statementTimeout: 10)
  }

  @Test(arguments: CommitCutter.Cut.allCases)
  func aCommitWhoseAnswerIsLostIsReportedExactly(cut: CommitCutter.Cut) async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let direct = try await open(server.url(database: database))
    try await direct.addDevices([Device(serial: "SN1", name: "UPS 1")], context: TestStores.context())
    var random = SystemRandomNumberGenerator()
    let code = ActivationCode.generate(using: &random)
    try await direct.issue(
      Plan(tier: .standard, termMonths: 12, seats: 1), codes: [code], context: TestStores.context())
    let plan = try await direct.activate(code, context: TestStores.context())
    let proxy = try CommitCutter(to: server.port, cut: cut)
    defer { proxy.stop() }
    let viaProxy = try await open(
      server.url(database: database).replacingOccurrences(
        of: ":\(server.port)/", with: ":\(proxy.port)/"))
    let context = TestStores.context()
    switch cut {
    case .afterTheServerCommitted:
      // Written: the caller gets what the transaction wrote, as if the answer had come.
      let written = try await viaProxy.assign(
        planID: plan.id, to: ["SN1"], expected: nil, context: context)
      #expect(written.map(\.device) == ["SN1"])
      #expect(try await direct.licenses(of: ["SN1"])["SN1"] == written)
    case .beforeTheServerHasIt:
      await #expect(throws: StoreError.connectionLost(store: viaProxy.displayName, written: false)) {
        try await viaProxy.assign(planID: plan.id, to: ["SN1"], expected: nil, context: context)
      }
    }
    #expect(proxy.didCut)
    let licenses = try server.psql(
      "SELECT count(*) FROM smartconnect.license WHERE device = 'SN1'", database: database)
    let ids = try server.psql(
      "SELECT count(*) FROM smartconnect.write_id WHERE id = '\(context.writeID)'",
      database: database)
    let expected = cut == .afterTheServerCommitted ? "1" : "0"
    #expect(licenses.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    #expect(ids.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    await viaProxy.close()
    await direct.close()
  }
}
