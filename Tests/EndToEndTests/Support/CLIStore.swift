import Foundation
import GRDB

/// A store in a temporary folder and the `smartconnect` commands run against it, with
/// `SMARTCONNECT_STORE` and `SMARTCONNECT_NOW` set so nothing of the developer's leaks in.
///
/// Checks read the file with GRDB directly (read-only), so a bug in the store code cannot
/// hide itself from them.
struct CLIStore {
  let folder: URL
  let path: String
  let now: String

  init(now: String = "2026-06-01T09:00:00Z") throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-rel-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    path = folder.appendingPathComponent("store/smartconnect.sqlite").path
    self.now = now
  }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  var environment: [String: String?] {
    ["SMARTCONNECT_STORE": path, "SMARTCONNECT_NOW": now]
  }

  /// `smartconnect arguments…` against this store.
  func run(
    _ arguments: [String], stdin: String? = nil, environment extra: [String: String?] = [:]
  ) async throws -> Binary.Output {
    try await Binary.run(
      arguments, environment: environment.merging(extra) { $1 }, stdin: stdin,
      timeout: .seconds(60))
  }

  /// Runs a setup command that must succeed.
  @discardableResult
  func must(_ arguments: [String], stdin: String? = nil) async throws -> String {
    let output = try await run(arguments, stdin: stdin)
    guard output.status == 0, !output.signalled else {
      throw SetupFailed(description: "smartconnect \(arguments.joined(separator: " ")): \(output)")
    }
    return output.stdout
  }

  struct SetupFailed: Error, CustomStringConvertible {
    var description: String
  }

  /// Issues `count` codes and returns them in full.
  func issue(
    seats: Int, count: Int = 1, tier: String = "advanced", months: Int = 12,
    redeemBy: String? = nil
  ) async throws -> [String] {
    var arguments = [
      "code", "issue", "--tier", tier, "--term-months", "\(months)", "--seats", "\(seats)",
      "--count", "\(count)",
    ]
    if let redeemBy { arguments += ["--redeem-by", redeemBy] }
    return try await must(arguments).split(separator: "\n").map(String.init)
  }

  /// Imports one device per serial through `device import`.
  func addDevices(_ serials: [String], site: String = "Lyon") async throws {
    let csv = folder.appendingPathComponent("devices-\(UUID().uuidString.prefix(6)).csv")
    let rows = serials.map { "\($0),UPS \($0),Smart-UPS 1500,\(site)" }
    try (["serial,name,model,site"] + rows).joined(separator: "\n")
      .write(to: csv, atomically: true, encoding: .utf8)
    try await must(["device", "import", csv.path])
  }

  // MARK: - Reading back

  func overview() async throws -> OverviewJSON {
    try JSONDecoder().decode(
      OverviewJSON.self, from: Data(try await must(["overview", "--json"]).utf8))
  }

  /// The store file opened read-only.
  func database() throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: path, configuration: configuration)
  }

  func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
    try database().read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
  }

  /// Each row of `sql`, as GRDB prints it.
  func rows(_ sql: String) throws -> [String] {
    try database().read { db in try Row.fetchAll(db, sql: sql).map { "\($0)" } }
  }

  func integrityCheck() throws -> String { try Self.integrityCheck(path: path) }

  static func integrityCheck(path: String) throws -> String {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: path, configuration: configuration).read { db in
      try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""
    }
  }

  /// Everything a command could have changed: the rows of every table, in order.
  func snapshot() throws -> [String] { try Self.snapshot(path: path) }

  static func snapshot(path: String) throws -> [String] {
    var configuration = Configuration()
    configuration.readonly = true
    return try DatabaseQueue(path: path, configuration: configuration).read { db in
      var rows: [String] = []
      for table in ["device", "code", "license", "audit"] {
        rows += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map {
          "\(table): \($0)"
        }
      }
      return rows
    }
  }
}

/// `overview --json` (DESIGN §4).
struct OverviewJSON: Decodable {
  struct Device: Decodable {
    var serial: String
    var name: String
    var tier: String
    var licenses: [License]
  }
  struct License: Decodable {
    var tier: String
    var kind: String
    var code: String
  }
  struct Plan: Decodable {
    var code: String
    var seats: Int
    var seats_left: Int
  }
  var devices: [Device]
  var plans: [Plan]
}

/// A `smartconnect` process started in the background, to be killed at a moment of the
/// test's choosing. posix_spawn with an empty signal mask, like a shell would start it.
struct BackgroundProcess {
  let pid: pid_t

  init(_ arguments: [String], environment: [String: String?]) throws {
    let executable = try Binary.executableURL().path
    var merged = ProcessInfo.processInfo.environment
    for (name, value) in environment { merged[name] = value }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = merged.map { strdup("\($0)=\($1)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      throw CLIStore.SetupFailed(description: "cannot start \(executable): errno \(spawned)")
    }
    self.pid = pid
  }

  /// Sends `signal` and waits; the exit status, or 128 + n when a signal ended it.
  func kill(_ signal: Int32) -> Int32 {
    _ = Glibc.kill(pid, signal)
    return wait()
  }

  func wait() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  }
}
