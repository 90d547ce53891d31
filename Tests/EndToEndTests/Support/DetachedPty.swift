import Foundation

/// The built binary on a pty that is not its controlling terminal, so closing the master
/// side is what a dropped link looks like without the kernel's SIGHUP: reads fail from then
/// on, and only the program's own handling of read errors can end it.
final class DetachedPty {
  private var master: Int32
  let pid: pid_t

  /// Starts `smartconnect arguments…` on a new pty at 80×24 (LINES/COLUMNS, as there is no
  /// ioctl from Swift to size it) in a session of its own.
  init(_ arguments: [String], environment: [String: String]) throws {
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    var name = [CChar](repeating: 0, count: 128)
    guard master >= 0, Self.unlockpt(master) == 0, Self.ptsnameR(master, &name, name.count) == 0
    else { throw TmuxPane.Failure(description: "no pty: \(String(cString: strerror(errno)))") }
    let slave = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // O_NOCTTY: the pty never becomes the controlling terminal, so no SIGHUP on close.
    posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR | O_NOCTTY, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    posix_spawn_file_actions_addclose(&actions, master)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc), not imported into Swift
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | setsid))

    let binary = try Binary.executableURL().path
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }
    var child: pid_t = 0
    let spawned = posix_spawn(&child, binary, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      close(master)
      throw TmuxPane.Failure(description: "cannot start: \(String(cString: strerror(spawned)))")
    }
    pid = child
  }

  // unlockpt and ptsname_r are not imported into Swift here (they need _XOPEN_SOURCE), and
  // the ioctls behind them are variadic: look them up in libc by name.
  private typealias Unlock = @convention(c) (Int32) -> Int32
  private typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
  private static func unlockpt(_ fd: Int32) -> Int32 {
    guard let symbol = dlsym(nil, "unlockpt") else { return -1 }
    return unsafeBitCast(symbol, to: Unlock.self)(fd)
  }
  private static func ptsnameR(_ fd: Int32, _ buffer: UnsafeMutablePointer<CChar>, _ size: Int)
    -> Int32
  {
    guard let symbol = dlsym(nil, "ptsname_r") else { return -1 }
    return unsafeBitCast(symbol, to: Name.self)(fd, buffer, size)
  }

  deinit {
    if master >= 0 { close(master) }
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, WNOHANG)
  }

  /// Reads output until it contains `text`; everything read so far.
  func read(until text: String, timeout: Duration = .seconds(10)) throws -> String {
    var output: [UInt8] = []
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
      guard poll(&fds, 1, 100) > 0 else { continue }
      var buffer = [UInt8](repeating: 0, count: 65536)
      let count = Glibc.read(master, &buffer, buffer.count)
      guard count > 0 else { break }
      output += buffer.prefix(count)
      if String(decoding: output, as: UTF8.self).contains(text) { break }
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Hangs up: closes the master side.
  func dropLink() {
    close(master)
    master = -1
  }

  /// The exit status (128+n for a signal), or `nil` if it is still running after `timeout`.
  func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32? {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid {
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
      }
      try await Task.sleep(for: .milliseconds(20))
    }
    return nil
  }
}
