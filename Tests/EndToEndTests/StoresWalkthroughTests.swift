import Foundation
import PostgresStore
import PostgresTestServer
import SQLiteStore
import SubscriptionStore
import Testing

/// The same wizard walkthrough, played through the built binary in a real pty, leaves the
/// same fleet on SQLite and on PostgreSQL (issue 12 §4): each store gets the demo fleet with
/// the same seeded codes, the script of `walkthroughs/` plays to its end on each, and
/// `overview --json` of the two is the same value.
@Suite(.serialized) struct StoresWalkthroughTests {
  static let now = WalkthroughScriptTests.now

  @Test(arguments: WalkthroughScriptTests.walkthroughs)
  func aWalkthroughLeavesTheSameFleetOnBothStores(script: String) async throws {
    let server = try await TestPostgres.forThisTest()
    let folder = NSTemporaryDirectory() + "smartconnect-stores-" + UUID().uuidString
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(atPath: folder) }

    let sqlite = folder + "/fleet.sqlite"
    let postgres = server.url(database: try server.freshDatabase())
    let codes = try await Self.seedDemoFleet(sqlite: sqlite, postgres: postgres)

    // The script as written, with the demo codes it names filled in (a real store has no
    // demo codes of its own to offer).
    var text = try String(
      contentsOf: WalkthroughScriptTests.folder.appendingPathComponent(script), encoding: .utf8)
    for (index, code) in codes.enumerated() {
      text = text.replacingOccurrences(of: "{code\(index + 1)}", with: code)
    }
    let played = folder + "/" + script
    try text.write(toFile: played, atomically: true, encoding: .utf8)

    let seeded = try await Self.overview(of: sqlite)
    var overviews: [String] = []
    for store in [sqlite, postgres] {
      try await TmuxPane.with([
        "--store", store, "--now", Self.now, "--script", played, "--speed", "20",
      ]) { pane in
        let status = try await pane.waitForExit(timeout: .seconds(90))
        let transcript = try await pane.transcript()
        #expect(status == 0, "\(store.hasPrefix("postgres") ? "PostgreSQL" : "SQLite"): \(transcript)")
      }
      overviews.append(try await Self.overview(of: store))
    }
    #expect(overviews[0] == overviews[1], "SQLite:\n\(overviews[0])\nPostgreSQL:\n\(overviews[1])")
    // Every walkthrough ends on Success: the fleet is not the seeded one any more.
    #expect(overviews[0] != seeded)
  }

  /// Seeds both stores through the library with the same seeded demo fleet; returns the
  /// demo codes (the same on both).
  static func seedDemoFleet(sqlite: String, postgres: String) async throws -> [String] {
    let file = try SQLiteStore(path: sqlite)
    let onFile = try await DemoFleet.seed(into: file, now: DemoFleet.referenceNow)
    let (location, _) = try PostgresLocation.parse(
      postgres, .init(environment: [:], osUser: "e2e", home: nil))
    let shared = try await PostgresStore.open(location, home: nil)
    let onServer = try await DemoFleet.seed(into: shared, now: DemoFleet.referenceNow)
    await shared.close()
    #expect(onFile.demoCodes == onServer.demoCodes)
    return onFile.demoCodes
  }

  /// `overview --json` of `store`, re-encoded with sorted keys: two stores' answers compare
  /// as values.
  static func overview(of store: String) async throws -> String {
    let fleet = try TemporaryFleet(store: store)
    defer { try? FileManager.default.removeItem(atPath: fleet.folder) }
    let json = try await fleet.succeed(["overview", "--json"])
    let value = try JSONSerialization.jsonObject(with: Data(json.utf8))
    let data = try JSONSerialization.data(
      withJSONObject: value, options: [.sortedKeys, .prettyPrinted])
    return String(decoding: data, as: UTF8.self)
  }
}
