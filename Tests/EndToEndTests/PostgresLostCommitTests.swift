import Foundation
import PostgresTestServer
import Testing

/// The built binary's confirm cut mid-commit by a proxy between it and the server (issue 12
/// §3, §4): the command looks its write up on a new connection and says exactly whether it
/// was written, naming the store without its password; never "maybe".
@Suite struct PostgresLostCommitTests {
  @Test(arguments: CommitCutter.Cut.allCases)
  func aConfirmWhoseCommitIsCutSaysExactlyWhetherItWasWritten(cut: CommitCutter.Cut)
    async throws
  {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let direct = try TemporaryFleet(store: server.url(database: database))
    defer { try? FileManager.default.removeItem(atPath: direct.folder) }
    try await direct.succeed(["device", "add", "SN1", "--name", "UPS 1"])
    let code = try await direct.issue("advanced", seats: 1)
    try await direct.succeed(["activate", code])

    let proxy = try CommitCutter(to: server.port, cut: cut)
    defer { proxy.stop() }
    let viaProxy = try TemporaryFleet(
      store: server.url(database: database).replacingOccurrences(
        of: ":\(server.port)/", with: ":\(proxy.port)/"))
    defer { try? FileManager.default.removeItem(atPath: viaProxy.folder) }
    let output = try await viaProxy.run(["activate", code, "--device", "SN1", "--json"])

    #expect(proxy.didCut, "the proxy saw no COMMIT to cut")
    let held = try server.psql(
      "SELECT count(*) FROM smartconnect.license WHERE device = 'SN1'", database: database)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let said = output.stderr.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    switch cut {
    case .afterTheServerCommitted:
      // The write is there: the command reports it as any confirm, exit 0.
      #expect(held == "1")
      #expect(output.status == 0, "\(output)")
      let answer = try TemporaryFleet.object(output.stdout)
      let assignments = try #require(answer["assignments"] as? [[String: Any]])
      #expect(assignments.map { $0["device"] as? String } == ["SN1"], "\(output)")
    case .beforeTheServerHasIt:
      #expect(held == "0")
      #expect(output.status == 1, "\(output)")
      #expect(said.contains("dropped before the write was committed: nothing was written."),
        "\(said)")
      #expect(said.contains("127.0.0.1:\(proxy.port)/\(database)"), "names the store: \(said)")
    }
    #expect(!output.stderr.contains(server.password) && !output.stdout.contains(server.password))
    // What the overview says afterwards agrees with what the command said.
    let overview = try TemporaryFleet.object(try await direct.succeed(["overview", "--json"]))
    let devices = try #require(overview["devices"] as? [[String: Any]])
    #expect((devices.first?["tier"] as? String) == (held == "1" ? "advanced" : "basic"))
  }
}
