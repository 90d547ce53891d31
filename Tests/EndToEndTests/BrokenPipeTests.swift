import Foundation
import PostgresTestServer
import Testing

/// A reader that goes away (`smartconnect overview | head -c 1`) ends the command quietly,
/// as SIGPIPE ends any Unix tool: status 141 in the shell, nothing on standard error.
/// SwiftNIO ignores SIGPIPE for the whole process, and the next write used to stop it with
/// Foundation's "Fatal error: Broken pipe" and a stack trace (status 132).
@Suite struct BrokenPipeTests {
  static let modes = [["overview"], ["overview", "--json"]]

  /// `smartconnect arguments… | head -c 1` in bash: the command's status and its stderr.
  func intoAReaderThatLeaves(_ arguments: [String], fleet: TemporaryFleet) async throws
    -> (status: String, stderr: String)
  {
    let errors = fleet.folder + "/stderr"
    let script = #"set -o pipefail; "$0" "$@" 2>"$ERRORS" | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}""#
    var variables = fleet.variables()
    variables["ERRORS"] = errors
    let output = try await Binary.run(
      ["-c", script, try Binary.executableURL().path] + arguments, environment: variables,
      executable: URL(fileURLWithPath: "/bin/bash"))
    let stderr = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "(none)"
    return (output.stdout.trimmingCharacters(in: .whitespacesAndNewlines), stderr)
  }

  /// 3 000 devices: far more output than a pipe holds (64 KiB), so most of it is written
  /// after the reader left.
  func fill(_ fleet: TemporaryFleet) async throws {
    let path = fleet.folder + "/fleet.csv"
    let lines = ["serial,name,model,site"]
      + (1...3_000).map { "PIPE\($0),UPS number \($0),Smart-UPS 1500,Site \($0 % 7)" }
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
    try await fleet.succeed(["device", "import", path])
  }

  @Test(arguments: modes)
  func sqliteOverviewIntoAReaderThatLeavesEndsQuietly(arguments: [String]) async throws {
    let fleet = try TemporaryFleet()
    try await fill(fleet)
    let (status, stderr) = try await intoAReaderThatLeaves(arguments, fleet: fleet)
    #expect(status == "141", "\(stderr)")
    #expect(stderr.isEmpty, "\(stderr)")
  }

  @Test(arguments: modes)
  func postgresOverviewIntoAReaderThatLeavesEndsQuietly(arguments: [String]) async throws {
    let server = try await TestPostgres.forThisTest()
    let fleet = try TemporaryFleet(store: server.url(database: try server.freshDatabase()))
    try await fill(fleet)
    let (status, stderr) = try await intoAReaderThatLeaves(arguments, fleet: fleet)
    #expect(status == "141", "\(stderr)")
    #expect(stderr.isEmpty, "\(stderr)")
  }
}
