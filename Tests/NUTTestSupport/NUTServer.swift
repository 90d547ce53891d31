import ChildProcess
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Debian's real NUT (`nut-server`: /lib/nut/upsd and the dummy-ups driver) started from a
/// temporary folder on 127.0.0.1 and a free port, never touching /etc/nut. Driver and
/// server daemonise and are stopped by their pid files in `stop()`, which `with` always
/// calls, so a failing test leaves no process behind.
public struct NUTServer: Sendable {
  /// One unit served by dummy-ups from a `.dev` file of `variable: value` lines.
  public struct Unit: Sendable {
    public var name: String
    public var description: String?
    public var variables: [(String, String)]

    public init(name: String, description: String?, variables: [(String, String)]) {
      self.name = name
      self.description = description
      self.variables = variables
    }
  }

  /// A user of upsd.users.
  public struct User: Sendable {
    public var name: String
    public var password: String

    public init(name: String, password: String) {
      self.name = name
      self.password = password
    }
  }

  /// Why the server cannot run here.
  public struct Unavailable: Error, CustomStringConvertible {
    public var description: String
  }

  public static let upsd = "/lib/nut/upsd"
  public static let driver = "/lib/nut/dummy-ups"

  /// Whether Debian's NUT is installed (`apt-get install -y nut-server nut-client`).
  public static var isInstalled: Bool {
    FileManager.default.isExecutableFile(atPath: upsd)
      && FileManager.default.isExecutableFile(atPath: driver)
  }

  /// Under CI a server that cannot start fails the test instead of skipping it.
  public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  public static let notInstalled =
    "Debian's NUT is not installed (apt-get install -y nut-server nut-client)"

  public let folder: URL
  public let port: Int
  public let units: [Unit]
  /// The certificate upsd offers STARTTLS with, if any (from an NSS database in `folder`:
  /// Debian builds NUT 2.8 with NSS, which reads neither PEM files nor OpenSSL's options).
  public let certificate: FakeNUTServer.Certificate?

  /// Starts the units' drivers and upsd, runs `body`, and stops them whatever happens.
  /// A server that cannot start fails the test under CI=true, and elsewhere cancels it
  /// (reported as skipped, with the reason).
  public static func with<T>(
    _ units: [Unit], users: [User] = [], tls certificate: FakeNUTServer.Certificate? = nil,
    _ body: (NUTServer) async throws -> T
  ) async throws -> T {
    let server: NUTServer
    do {
      server = try await ChildProcess.onOwnThread {
        try start(units, users: users, tls: certificate)
      }
    } catch let error as Unavailable where !required {
      try Test.cancel("skipped: upsd could not start here: \(error.description)")
    }
    do {
      let result = try await body(server)
      try await ChildProcess.onOwnThread { server.stop() }
      return result
    } catch {
      try? await ChildProcess.onOwnThread { server.stop() }
      throw error
    }
  }

  public static func start(
    _ units: [Unit], users: [User], tls certificate: FakeNUTServer.Certificate? = nil
  ) throws -> NUTServer {
    guard isInstalled else { throw Unavailable(description: notInstalled) }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-nut-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let port = try freePort()
    let server = NUTServer(folder: folder, port: port, units: units, certificate: certificate)
    do {
      try server.writeConfiguration(users: users)
      for unit in units {
        try server.run(driver, ["-a", unit.name], what: "dummy-ups for \(unit.name)")
      }
      try server.run(upsd, [], what: "upsd")
      try server.waitUntilServing()
    } catch {
      server.stop()
      throw error
    }
    return server
  }

  private func writeConfiguration(users: [User]) throws {
    var upsConf = ""
    for unit in units {
      upsConf += "[\(unit.name)]\n  driver = dummy-ups\n  port = \(unit.name).dev\n"
      if let description = unit.description {
        let escaped = description.replacingOccurrences(of: "\\", with: "\\\\")
          .replacingOccurrences(of: "\"", with: "\\\"")
        upsConf += "  desc = \"\(escaped)\"\n"
      }
      let dev = unit.variables.map { "\($0.0): \($0.1)\n" }.joined()
      try dev.write(to: folder.appendingPathComponent("\(unit.name).dev"), atomically: true, encoding: .utf8)
    }
    try upsConf.write(to: file("ups.conf"), atomically: true, encoding: .utf8)
    var upsdConf = "LISTEN 127.0.0.1 \(port)\n"
    if let certificate {
      try makeCertificateDatabase(certificate)
      upsdConf += "CERTPATH \(file("nss").path)\nCERTIDENT \"upsd\" \"\"\n"
    }
    try upsdConf.write(to: file("upsd.conf"), atomically: true, encoding: .utf8)
    let usersText = users.map { "[\($0.name)]\n  password = \"\($0.password)\"\n  upsmon secondary\n" }
    try usersText.joined().write(to: file("upsd.users"), atomically: true, encoding: .utf8)
    try "MODE=standalone\n".write(to: file("nut.conf"), atomically: true, encoding: .utf8)
    if geteuid() == 0 {
      // As root, driver and upsd drop to user nut: it must read the files and create the
      // driver's socket and the pid files in the folder.
      guard let nut = getpwnam("nut") else { throw Unavailable(description: "no user nut") }
      let (uid, gid) = (nut.pointee.pw_uid, nut.pointee.pw_gid)
      let nss = (try? FileManager.default.contentsOfDirectory(atPath: file("nss").path)) ?? []
      for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) + [""]
        + nss.map({ "nss/" + $0 })
      {
        chown(folder.appendingPathComponent(name).path, uid, gid)
      }
      chmod(folder.path, 0o770)
      chmod(file("upsd.users").path, 0o640)
    }
  }

  private func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

  /// An NSS database in `nss/` holding `certificate` and its key as "upsd", with an empty
  /// password: the PEM pair through PKCS#12 (openssl), then certutil and pk12util.
  private func makeCertificateDatabase(_ certificate: FakeNUTServer.Certificate) throws {
    for tool in ["/usr/bin/certutil", "/usr/bin/pk12util"]
    where !FileManager.default.isExecutableFile(atPath: tool) {
      throw Unavailable(
        description: "\(tool) is missing: upsd's TLS needs an NSS database "
          + "(apt-get install -y libnss3-tools)")
    }
    let p12 = file("upsd.p12").path
    let nss = "sql:" + file("nss").path
    try FileManager.default.createDirectory(at: file("nss"), withIntermediateDirectories: true)
    try tool("/usr/bin/openssl", [
      "pkcs12", "-export", "-in", certificate.certificatePath, "-inkey", certificate.keyPath,
      "-name", "upsd", "-out", p12, "-passout", "pass:",
    ])
    try tool("/usr/bin/certutil", ["-N", "-d", nss, "--empty-password"])
    try tool("/usr/bin/pk12util", ["-i", p12, "-d", nss, "-W", ""])
  }

  /// Runs a setup tool that must succeed.
  private func tool(_ path: String, _ arguments: [String]) throws {
    let result = try ChildProcess.run([path] + arguments)
    guard result.ending.status == 0, !result.ending.signalled else {
      throw Unavailable(
        description: "\((path as NSString).lastPathComponent) failed (\(result.ending.status)): \(result.stdout)")
    }
  }

  private var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for key in ["NUT_CONFPATH", "NUT_STATEPATH", "NUT_ALTPIDPATH", "NUT_PIDPATH"] {
      environment[key] = folder.path
    }
    return environment
  }

  /// Runs a NUT program that daemonises and returns once it is in the background, its
  /// output appended to the folder's log. ChildProcess starts it with an empty signal mask
  /// (a daemon inheriting the test runner's would ignore the SIGTERM of `stop()`) and none
  /// of the test process's descriptors, and reaps the parent that forked.
  private func run(_ program: String, _ arguments: [String], what: String) throws {
    let argv = [program] + arguments + (geteuid() == 0 ? ["-u", "nut"] : [])
    let pid: pid_t
    do {
      pid = try ChildProcess.start(
        argv, environment: environment, stdout: file("log").path, append: true)
    } catch {
      throw Unavailable(description: "\(what) could not be started: \(error)")
    }
    let ending = ChildProcess.wait(pid)
    guard ending.status == 0, !ending.signalled else {
      throw Unavailable(description: "\(what) did not start (status \(ending.status)): \(log)")
    }
  }

  /// What driver and upsd printed, for a failure message.
  public var log: String {
    (try? String(contentsOf: file("log"), encoding: .utf8)) ?? "(no log)"
  }

  /// Waits until upsd serves every unit's `.dev` data: dummy-ups says "WAIT" as the status
  /// until it has read its file.
  private func waitUntilServing() throws {
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline {
      if units.allSatisfy({ unit in
        let answer = try? Self.exchange(port: port, "GET VAR \(unit.name) ups.status\n")
        return answer?.hasPrefix("VAR ") == true && answer?.contains("\"WAIT\"") == false
      }) { return }
      usleep(100_000)
    }
    throw Unavailable(description: "upsd on port \(port) did not serve its units within 15 s: \(log)")
  }

  /// Stops upsd and the drivers by their pid files and removes the folder.
  public func stop() {
    let pidFiles = ["upsd.pid"] + units.map { "dummy-ups-\($0.name).pid" }
    for name in pidFiles {
      guard let text = try? String(contentsOf: file(name), encoding: .utf8),
        let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
      else { continue }
      kill(pid, SIGTERM)
      var waited = 0
      while ChildProcess.isRunning(pid) && waited < 50 {
        usleep(50_000)
        waited += 1
      }
      if ChildProcess.isRunning(pid) { kill(pid, SIGKILL) }
    }
    try? FileManager.default.removeItem(at: folder)
  }

  // MARK: - Sockets

  /// A port nothing listens on now, from the kernel.
  public static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    guard bound else { throw Unavailable(description: "no free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Sends one command and returns the first line of the answer (for readiness checks).
  public static func exchange(port: Int, _ command: String) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
    guard connected else { throw Unavailable(description: "connect: errno \(errno)") }
    _ = command.withCString { send(fd, $0, strlen($0), 0) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = recv(fd, &buffer, buffer.count, 0)
    guard count > 0 else { throw Unavailable(description: "no answer") }
    return String(decoding: buffer[..<count], as: UTF8.self)
  }
}
