import ChildProcess
import Foundation
import GRDB
import PostgresTestServer
import Testing

/// Ctrl-C (SIGINT), SIGTERM or a hang-up (SIGHUP) while a command writes: the write stops,
/// nothing is written, and the command says so and ends with the status the signal would
/// have given it (128 + n), on both stores.
///
/// The import is held up by another writer's lock, so the signal surely comes in the middle
/// of the write; and the command must answer while that lock is still held: a command deaf
/// to the signal would wait for the lock (SQLite gives up after 10 s and says the store is
/// busy; the PostgreSQL holder keeps it 60 s, past this test's 20 s wait).
@Suite struct InterruptedWriteTests {
  static let stopped = "Stopped before anything was written."

  /// A CSV of 2 000 new devices in the fleet's folder.
  func csv(in fleet: TemporaryFleet) throws -> String {
    let path = fleet.folder + "/import.csv"
    let lines = ["serial,name"] + (1...2_000).map { "IMP\($0),UPS \($0)" }
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Waits up to 20 s for `condition`, checking every 20 ms.
  func waitUntil(_ condition: () throws -> Bool) async throws -> Bool {
    for _ in 0..<1_000 {
      if try condition() { return true }
      try await Task.sleep(for: .milliseconds(20))
    }
    return false
  }

  /// Sends `signal` to `pid` and waits for it to end.
  func stop(_ pid: pid_t, with signal: Int32) async -> ChildProcess.Ending {
    kill(pid, signal)
    return await ChildProcess.onOwnThread { ChildProcess.wait(pid, timeout: .seconds(20)) }
  }

  /// What the process's open descriptors name (paths, `socket:[…]`, …).
  func openFiles(of pid: pid_t) -> [String] {
    let folder = "/proc/\(pid)/fd"
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return descriptors.compactMap {
      try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0)
    }
  }

  func expectStopped(
    _ ending: ChildProcess.Ending, by signal: Int32, fleet: TemporaryFleet
  ) throws {
    let stderr = try String(contentsOfFile: fleet.folder + "/import.err", encoding: .utf8)
    let stdout = try String(contentsOfFile: fleet.folder + "/import.out", encoding: .utf8)
    #expect(!ending.signalled && !ending.timedOut, "\(ending) \(stderr)")
    #expect(ending.status == 128 + signal, "\(ending) \(stderr)")
    #expect(stderr == Self.stopped + "\n", "\(stderr)")
    #expect(stdout.isEmpty, "\(stdout)")
  }

  /// `atOpen`: the lock is taken while the store has no WAL file (its last connection
  /// closed), so the command waits for it as early as opening the store (GRDB writes to a
  /// new WAL file); otherwise the holder's own opening wrote one, and the command waits in
  /// its write transaction.
  @Test(arguments: [SIGINT, SIGTERM, SIGHUP], [true, false])
  func sqliteImportStoppedMidWriteWritesNothingAndSaysSo(signal: Int32, atOpen: Bool)
    async throws
  {
    let fleet = try TemporaryFleet()
    try await fleet.succeed(["device", "add", "SN0", "--name", "UPS 0"])
    let file = try csv(in: fleet)
    // Another technician's write transaction, held until the command has answered.
    var holding = Configuration()
    holding.allowsUnsafeTransactions = true  // the transaction outlives one database access
    let holder: any DatabaseWriter =
      atOpen
      ? try DatabaseQueue(path: fleet.store, configuration: holding)
      : try DatabasePool(path: fleet.store, configuration: holding)
    let wal = (try? FileManager.default.attributesOfItem(atPath: fleet.store + "-wal"))?[.size]
    #expect(((wal as? Int) ?? 0 > 0) == !atOpen)
    try await holder.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE") }
    let lock = HeldLock(holder)
    let pid = try fleet.start(["device", "import", file], output: "import")
    // The store is opened once the CSV is read: from there the import waits for the lock.
    let waiting = try await waitUntil { openFiles(of: pid).contains(fleet.store) }
    #expect(waiting)
    // Let go 7 s after the command took to waiting, whatever happens, within SQLite's 10 s
    // wait: a command deaf to the signal would then get the lock and import.
    let deadline = Task {
      try await Task.sleep(for: .seconds(7))
      try await lock.release()
    }
    try await Task.sleep(for: .milliseconds(100))
    let ending = await stop(pid, with: signal)
    #expect(await lock.held, "the command answered only once the other writer let go")
    try await lock.release()
    deadline.cancel()
    try expectStopped(ending, by: signal, fleet: fleet)
    let devices = try await holder.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM device") }
    #expect(devices == 1)
    // The store takes the same import afterwards.
    try await fleet.succeed(["device", "import", file])
    #expect(try await holder.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM device") } == 2_001)
  }

  /// A first Ctrl-C stops the command while it connects to a PostgreSQL server that accepts
  /// and then says nothing: the connect used to wait for its timeout (here 20 s, past the
  /// test's wait for the process) before the command could say anything.
  @Test func aFirstSignalStopsTheConnectToASilentServer() async throws {
    let silent = try SilentListener()
    defer { silent.stop() }
    let fleet = try TemporaryFleet(
      store: "postgres://tech@127.0.0.1:\(silent.port)/fleet?sslmode=disable&connect_timeout=20")
    let pid = try fleet.start(["device", "add", "SN1", "--name", "UPS 1"], output: "import")
    // Its signal handling is set up before it opens the store: once it has a socket, it is
    // connecting.
    let connecting = try await waitUntil {
      openFiles(of: pid).contains { $0.hasPrefix("socket:") }
    }
    #expect(connecting)
    let ending = await stop(pid, with: SIGINT)
    try expectStopped(ending, by: SIGINT, fleet: fleet)
  }

  /// A first Ctrl-C stops an import whose CSV comes through a pipe that sends nothing (a
  /// shell's `<(…)` whose command hangs): the read is left, nothing is written.
  @Test func aFirstSignalStopsAnImportReadingASilentPipe() async throws {
    let fleet = try TemporaryFleet()
    let pipe = fleet.folder + "/devices.csv"
    #expect(mkfifo(pipe, 0o600) == 0)
    // The writer's end, held open and silent: the command's read waits for bytes or an end.
    let writer = open(pipe, O_RDWR)
    #expect(writer >= 0)
    defer { close(writer) }
    let pid = try fleet.start(["device", "import", pipe], output: "import")
    let reading = try await waitUntil { openFiles(of: pid).contains(pipe) }
    #expect(reading)
    let ending = await stop(pid, with: SIGINT)
    try expectStopped(ending, by: SIGINT, fleet: fleet)
  }

  /// A second Ctrl-C ends the command at once, even where the first cannot stop it: here a
  /// confirm's COMMIT went out and the link dropped before its answer, and the server cannot
  /// be reached again. The command goes on trying to find out whether its write happened
  /// (for up to a minute), and a first Ctrl-C does not stop that, so that the technician can
  /// be told. It ends by the second signal itself, not by the first one's cancellation once
  /// the lookup gave up (which would end it with status 130 and the "Stopped" line).
  @Test func aSecondSignalEndsTheCommandAtOnce() async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let direct = try TemporaryFleet(store: server.url(database: database))
    try await direct.succeed(["device", "add", "SN1", "--name", "UPS 1"])
    let code = try await direct.issue("advanced", seats: 1)
    try await direct.succeed(["activate", code])
    let proxy = try CommitCutter(to: server.port, cut: .beforeTheServerHasIt, thenRefusing: true)
    defer { proxy.stop() }
    let viaProxy = try TemporaryFleet(
      store: server.url(database: database).replacingOccurrences(
        of: ":\(server.port)/", with: ":\(proxy.port)/"))
    let pid = try viaProxy.start(["activate", code, "--device", "SN1"], output: "import")
    let cut = try await waitUntil { proxy.didCut }
    #expect(cut)
    kill(pid, SIGINT)
    try await Task.sleep(for: .milliseconds(300))
    // The first signal did not end it: it is still looking its write up.
    #expect(ChildProcess.isRunning(pid), "the first signal ended the command; nothing tested")
    let ending = await stop(pid, with: SIGINT)
    #expect(ending.signalled && ending.status == SIGINT, "\(ending)")
    let stderr = try String(contentsOfFile: viaProxy.folder + "/import.err", encoding: .utf8)
    #expect(stderr.isEmpty, "\(stderr)")
    let held = try server.psql(
      "SELECT count(*) FROM smartconnect.license WHERE device = 'SN1'", database: database)
    #expect(held.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
  }

  /// Another writer's transaction on an SQLite store, rolled back once.
  actor HeldLock {
    let writer: any DatabaseWriter
    private(set) var held = true

    init(_ writer: any DatabaseWriter) { self.writer = writer }

    func release() async throws {
      guard held else { return }
      held = false
      try await writer.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }
    }
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func postgresImportStoppedMidWriteWritesNothingAndSaysSo(signal: Int32) async throws {
    let server = try await TestPostgres.forThisTest()
    let database = try server.freshDatabase()
    let fleet = try TemporaryFleet(store: server.url(database: database))
    try await fleet.succeed(["device", "add", "SN0", "--name", "UPS 0"])
    let file = try csv(in: fleet)
    // Another session is adding the CSV's first serial and has not committed: the import's
    // INSERT waits for that transaction, until it is ended below (at most 60 s).
    // On a thread of its own: psql blocks for the whole minute, and two such on the test
    // pool's threads (one per core) would stall every other task of the test process.
    let holder = Task {
      await ChildProcess.onOwnThread {
        try? server.psql(
          """
          BEGIN;
          INSERT INTO smartconnect.device (serial, name, model, site, search, added_at)
          VALUES ('IMP1', 'UPS 1', '', '', 'imp1 ups 1', 0);
          SELECT pg_sleep(60);
          COMMIT;
          """, database: database)
      }
    }
    let activity = "FROM pg_stat_activity WHERE datname = '\(database)'"
    let count = { (condition: String) in
      try server.psql("SELECT count(*) \(activity) AND \(condition)")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(try await waitUntil { try count("wait_event = 'PgSleep'") == "1" })
    let pid = try fleet.start(["device", "import", file], output: "import")
    #expect(try await waitUntil { try count("wait_event_type = 'Lock'") == "1" })
    let ending = await stop(pid, with: signal)
    // Answered while the lock was still held.
    #expect(try count("wait_event = 'PgSleep'") == "1")
    try server.psql("SELECT pg_terminate_backend(pid) \(activity) AND wait_event = 'PgSleep'")
    _ = await holder.value
    try expectStopped(ending, by: signal, fleet: fleet)
    let devices = try server.psql("SELECT count(*) FROM smartconnect.device", database: database)
    #expect(devices.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    try await fleet.succeed(["device", "import", file])
    let after = try server.psql("SELECT count(*) FROM smartconnect.device", database: database)
    #expect(after.trimmingCharacters(in: .whitespacesAndNewlines) == "2001")
  }
}
