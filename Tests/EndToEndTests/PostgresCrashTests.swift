import Foundation
import PostgresTestServer
import Testing

/// The server crashing (`pg_ctl -m immediate`) in the middle of 100 confirms, each of two
/// devices: every confirm is all or nothing, and every command says which it was.
@Suite struct PostgresCrashTests {
  /// What a command said about its confirm.
  enum Claim: Equatable { case written, notWritten, unknown }

  static func claim(_ output: Binary.Output) -> Claim {
    if output.status == 0 { return .written }
    if output.stderr.contains("it was written.") { return .written }
    if output.stderr.contains("othing was written") { return .notWritten }
    return .unknown
  }

  @Test func aCrashInTheMiddleOfAHundredConfirmsLeavesEachAllOrNothingAndSaidSo() async throws {
    _ = try await TestPostgres.forThisTest()  // skips (or fails under CI) without one
    let server = try TestPostgres.start()
    defer { server.remove() }
    try server.psql("CREATE DATABASE fleet")
    let fleet = try TemporaryFleet(store: server.url(database: "fleet"))
    let csv = fleet.folder + "/fleet.csv"
    let lines = ["serial,name"] + (1...200).map { "SN\($0),UPS \($0)" }
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: csv))
    try await fleet.succeed(["device", "import", csv])
    let code = try await fleet.issue("standard", seats: 200)
    try await fleet.succeed(["activate", code])

    let launched = Counter()
    let crash = Task {
      while await launched.value < 40 { try await Task.sleep(nanoseconds: 10_000_000) }
      try server.stop(immediately: true)
      try await Task.sleep(nanoseconds: 1_000_000_000)
      try server.startProcess()
    }
    var outputs: [Int: Binary.Output] = [:]
    try await withThrowingTaskGroup(of: (Int, Binary.Output).self) { group in
      var next = 1
      func launch() async {
        let n = next
        next += 1
        await launched.increment()
        group.addTask {
          // A link left silent by the crash is given up after 5 s (+2), well inside the
          // 30 s a run may take, so each command gets to say what became of its confirm.
          (n, try await fleet.run(
            ["activate", code, "--device", "SN\(2 * n - 1)", "--device", "SN\(2 * n)"],
            environment: ["SMARTCONNECT_PG_STATEMENT_TIMEOUT": "5"]))
        }
      }
      for _ in 0..<4 { await launch() }
      for try await (n, output) in group {
        outputs[n] = output
        if next <= 100 { await launch() }
      }
    }
    try await crash.value
    var counts: [Claim: Int] = [:]
    for n in 1...100 {
      let output = try #require(outputs[n])
      let held = try server.psql(
        "SELECT count(*) FROM smartconnect.license WHERE device IN ('SN\(2 * n - 1)', 'SN\(2 * n)')",
        database: "fleet"
      ).trimmingCharacters(in: .whitespacesAndNewlines)
      let claim = Self.claim(output)
      counts[claim, default: 0] += 1
      #expect(held == "0" || held == "2", "confirm \(n) half-written: \(output)")
      #expect(claim != .unknown, "confirm \(n) did not say: \(output)")
      #expect(
        (claim == .written) == (held == "2"), "confirm \(n) said \(claim), holds \(held): \(output)")
    }
    print("PostgreSQL crash in 100 confirms: \(counts[.written] ?? 0) written and said so, "
      + "\(counts[.notWritten] ?? 0) not written and said so, \(counts[.unknown] ?? 0) unclear")
  }
}

/// How many confirms were started (read by the task that crashes the server).
actor Counter {
  private(set) var value = 0
  func increment() { value += 1 }
}
