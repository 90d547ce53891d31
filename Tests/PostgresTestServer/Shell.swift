import ChildProcess
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Runs the programs a throw-away server needs (initdb, pg_ctl, openssl), as the `postgres`
/// user when the tests run as root: PostgreSQL refuses to run as root.
struct Shell: Sendable {
  /// The user the server's programs run as, or `nil` for this process's own user.
  var serverUser: String?

  struct Failure: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var output: String
    var description: String {
      "\(command) exited with \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
    }
  }

  /// For a root process, the `postgres` user (Debian's server package creates it).
  static func forCurrentUser() throws -> Shell {
    guard geteuid() == 0 else { return Shell(serverUser: nil) }
    guard getpwnam("postgres") != nil else {
      throw Failure(
        command: "getpwnam(postgres)", status: 1,
        output: "running as root, and there is no postgres user to run the server as "
          + "(apt-get install -y postgresql creates it)")
    }
    return Shell(serverUser: "postgres")
  }

  /// Runs `arguments` (a path and its arguments), as the server's user if `asServer`.
  @discardableResult
  func run(_ arguments: [String], asServer: Bool = false) throws -> String {
    let argv = asServer ? self.asServer(arguments) : arguments
    // Output goes to a file, not a pipe: `pg_ctl start` leaves a server running that would
    // inherit the pipe and keep it open, and reading it to the end would wait for ever.
    let result = try ChildProcess.run(argv)
    guard result.ending.status == 0, !result.ending.signalled else {
      throw Failure(
        command: argv.joined(separator: " "), status: result.ending.status,
        output: result.stdout)
    }
    return result.stdout
  }

  /// `arguments` run as the server's user.
  func asServer(_ arguments: [String]) -> [String] {
    guard let user = serverUser else { return arguments }
    return ["/usr/sbin/runuser", "-u", user, "--"] + arguments
  }

  /// Gives `path` to the server's user (a no-op when the tests are not root).
  func handOver(_ path: String) throws {
    guard let user = serverUser else { return }
    try run(["/bin/chown", "-R", "\(user):", path])
  }

  /// Starts `script` with bash, in a session of its own (a Ctrl-C to the test run does not
  /// reach it), with no terminal and no descriptor of ours (ChildProcess closes them): `swift
  /// test` must not wait for it. `setsid --fork` returns at once, leaving bash to init.
  func detach(_ script: String) throws {
    let setsid = try ChildProcess.start(["/usr/bin/setsid", "--fork", "/bin/bash", "-c", script])
    _ = ChildProcess.wait(setsid)
  }

  /// A TCP port on 127.0.0.1 that nothing listens on right now.
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(command: "socket", status: errno, output: "") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
      }
    }
    guard bound else { throw Failure(command: "bind 127.0.0.1:0", status: errno, output: "") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// The folder of the newest PostgreSQL server installed by Debian's packages.
  static func serverBinaries() throws -> String {
    if let given = ProcessInfo.processInfo.environment["SMARTCONNECT_PG_BIN"] { return given }
    let root = "/usr/lib/postgresql"
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    let usable = versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }
      .filter { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    guard let newest = usable.first else {
      throw Failure(
        command: "find initdb", status: 1,
        output: "no PostgreSQL server under \(root) (apt-get install -y postgresql)")
    }
    return newest
  }
}
