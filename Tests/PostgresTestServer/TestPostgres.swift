import Foundation
import PostgresStore

/// A throw-away PostgreSQL server for the tests: Debian's server, `initdb` in a temporary
/// folder, listening on a free 127.0.0.1 port (and a Unix socket in that folder), TLS on with
/// a certificate made for it, run as the `postgres` user when the tests run as root.
///
/// One server per test process (`shared()`), started on first use; each test takes a fresh
/// database copied from a template that already has the schema. A watchdog in a session of
/// its own stops the server and removes its folder when the test process is gone, however it
/// ends. Tests that must stop or crash a server start their own (`start()`).
public final class TestPostgres: Sendable {
  /// Whether the tests can have a server, and why not.
  public enum Availability: Sendable {
    case ready(TestPostgres)
    case unavailable(String)
  }

  public let host = "127.0.0.1"
  public let port: Int
  /// The superuser's name and password (`scram-sha-256` over TCP).
  public let superuser = "postgres"
  public let password: String
  public let certificates: TestCertificates
  /// The server's folder (data, socket, log, certificates).
  public let folder: String
  public let socketFolder: String
  public static let templateDatabase = "smartconnect_template"

  let binaries: String
  let shell: Shell
  var dataFolder: String { folder + "/data" }
  /// The server's log (`pg_ctl -l`).
  public var logFile: String { folder + "/server.log" }

  private static let sharedStart = Task { () -> Availability in
    do {
      let server = try start()
      try await server.makeTemplate()
      return .ready(server)
    } catch {
      return .unavailable(String(describing: error))
    }
  }

  /// The server of this test process, started by the first caller.
  public static func shared() async -> Availability { await sharedStart.value }

  /// Starts a server of its own (for a test that stops or crashes it).
  public static func start() throws -> TestPostgres {
    let binaries = try Shell.serverBinaries()
    let shell = try Shell.forCurrentUser()
    let base = NSTemporaryDirectory().hasPrefix("/") ? NSTemporaryDirectory() : "/tmp/"
    let folder = base + "smartconnect-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(
      atPath: folder + "/tls", withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    // Watched from the start: a test process killed while it sets up leaves nothing behind.
    try watchOver(folder: folder, binaries: binaries, shell: shell)
    let certificates = try TestCertificates.make(in: folder + "/tls", shell: shell)
    let password = UUID().uuidString
    try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/pwfile"))
    try shell.handOver(folder)
    try shell.run(
      [
        binaries + "/initdb", "-D", folder + "/data", "-U", "postgres",
        "--pwfile=\(folder)/pwfile", "--auth-local=trust", "--auth-host=scram-sha-256",
        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
      ], asServer: true)
    var lastError: (any Error)?
    for _ in 0..<3 {
      let port = try Shell.freePort()
      let server = TestPostgres(
        port: port, password: password, certificates: certificates, folder: folder,
        binaries: binaries, shell: shell)
      do {
        try server.startProcess()
        return server
      } catch {
        lastError = error  // most likely the port was taken meanwhile: try another
      }
    }
    throw lastError ?? Shell.Failure(command: "pg_ctl start", status: 1, output: "")
  }

  private init(
    port: Int, password: String, certificates: TestCertificates, folder: String,
    binaries: String, shell: Shell
  ) {
    self.port = port
    self.password = password
    self.certificates = certificates
    self.folder = folder
    self.socketFolder = folder
    self.binaries = binaries
    self.shell = shell
  }

  /// Starts the server process (again, after `stop`), waiting until it accepts connections.
  ///
  /// `pg_ctl start` runs detached and readiness is polled with `pg_isready`: Foundation's
  /// `Process` learns that a child ended when a socket it shares with it closes, and the
  /// server `pg_ctl` leaves running would hold that socket open for good.
  public func startProcess() throws {
    let options = [
      "-p \(port)", "-k \(socketFolder)", "-c listen_addresses=127.0.0.1",
      "-c ssl=on", "-c ssl_cert_file=\(certificates.serverCertificate)",
      "-c ssl_key_file=\(certificates.serverKey)", "-c fsync=off",
      "-c full_page_writes=off", "-c max_connections=300", "-c shared_buffers=32MB",
      // An autovacuum worker that visits the template database holds a session on it, and
      // every CREATE DATABASE … TEMPLATE meanwhile fails ("being accessed by other users";
      // seen in CI on a loaded machine). A throw-away server needs no vacuuming.
      "-c autovacuum=off",
    ].joined(separator: " ")
    let logStart = (try? FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int)
      .flatMap { $0 } ?? 0
    let start = shell.asServer([
      binaries + "/pg_ctl", "-D", dataFolder, "-l", logFile, "-W", "-o", options, "start",
    ])
    try shell.detach(start.map(Self.quoted).joined(separator: " ") + " >/dev/null 2>&1")
    let giveUp = Date().addingTimeInterval(60)
    while Date() < giveUp {
      if (try? shell.run([
        binaries + "/pg_isready", "-q", "-h", socketFolder, "-p", "\(port)", "-t", "1",
      ])) != nil {
        return
      }
      // Clients turned away during recovery log FATAL too: only a postmaster that is gone
      // (a port taken meanwhile, a broken setting) is a failed start.
      let log = (try? Data(contentsOf: URL(fileURLWithPath: logFile)))
        .map { String(decoding: $0.dropFirst(logStart), as: UTF8.self) } ?? ""
      if log.contains("could not create any TCP/IP sockets") || log.contains("could not bind")
        || log.contains("database system is shut down")
      {
        throw Shell.Failure(command: "postgres on port \(port)", status: 1, output: log)
      }
      usleep(100_000)
    }
    throw Shell.Failure(
      command: "postgres on port \(port)", status: 1, output: "not ready within 60 s")
  }

  /// Stops the server: `immediate` is a crash (no checkpoint, clients cut off), as
  /// `pg_ctl -m immediate`.
  public func stop(immediately: Bool = false) throws {
    try shell.run(
      [
        binaries + "/pg_ctl", "-D", dataFolder, "-m", immediately ? "immediate" : "fast", "-w",
        "stop",
      ], asServer: true)
  }

  /// Stops the server for good and removes its folder.
  public func remove() {
    try? stop(immediately: true)
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// A background shell that outlives nothing: once this process is gone it stops the server
  /// and removes the folder. It runs in a session of its own, without our pipes, so neither
  /// a Ctrl-C to the test run nor `swift test` waiting for output keeps it from its job.
  private static func watchOver(folder: String, binaries: String, shell: Shell) throws {
    let stop = [binaries + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "stop"]
    let stopCommand = shell.asServer(stop).map(Self.quoted).joined(separator: " ")
    try shell.detach(
      """
      while kill -0 \(getpid()) 2>/dev/null; do sleep 0.5; done
      \(stopCommand) >/dev/null 2>&1
      rm -rf \(Self.quoted(folder))
      """)
  }

  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
