import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Starts programs for the test support (the built binary, psql, pg_ctl, openssl, upsd…)
/// with posix_spawn and waitpid: the one way the test targets start a program.
///
/// Not Foundation's `Process`: on Swift 6.3.1 its `run()` reads `/proc/self/fd` with an
/// over-read (swift-corelibs-foundation #5472) that crashes the whole test process once it
/// holds about 1 360 descriptors, and a full parallel `swift test` does (hundreds of SQLite
/// stores open at once: 1 405 measured). Three clean-clone CI checks crashed there.
///
/// The child starts with every descriptor beyond 0-2 closed (as `Process` does), no signal
/// blocked and every disposition at its default (the test runner's threads block nearly
/// every signal, and a child inheriting that would ignore SIGTERM). Output goes to files, not
/// pipes: nothing to drain while the child runs, and nothing a daemon it starts could hold.
public enum ChildProcess {
  /// How a child ended.
  public struct Ending: Sendable, Equatable {
    /// The exit status, or the signal number when `signalled`.
    public var status: Int32
    /// Ended by a signal (a crash, or the timeout's kill).
    public var signalled: Bool
    /// Did not end within the timeout and was sent SIGTERM (then SIGKILL).
    public var timedOut: Bool
  }

  /// What a run to the end gives back.
  public struct Result: Sendable {
    public var ending: Ending
    public var stdout: String
    /// Empty when standard error went to `stdout`.
    public var stderr: String
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Runs `argv` (a path and its arguments) to its end. `environment` `nil` passes this
  /// process's own; `stdin` is a file's path (`nil`: /dev/null); standard error joins
  /// standard output unless `separateStderr`. After `timeout` the child gets SIGTERM, and
  /// SIGKILL a second later. Blocks the calling thread while the child runs.
  public static func run(
    _ argv: [String], environment: [String: String]? = nil, stdin: String? = nil,
    separateStderr: Bool = false, timeout: Duration? = nil
  ) throws -> Result {
    let folder = NSTemporaryDirectory() + "smartconnect-child-\(UUID().uuidString)"
    let outPath = folder + ".out"
    let errPath = folder + ".err"
    defer {
      unlink(outPath)
      unlink(errPath)
    }
    let pid = try start(
      argv, environment: environment, stdin: stdin, stdout: outPath,
      stderr: separateStderr ? errPath : nil)
    let ending = wait(pid, timeout: timeout)
    let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    return Result(
      ending: ending, stdout: read(outPath), stderr: separateStderr ? read(errPath) : "")
  }

  /// Starts `argv` and returns its pid (to be given to `wait`). `stdout` and `stderr` are
  /// files' paths, created or truncated, or appended to when `append` (`nil` stdout:
  /// /dev/null; `nil` stderr: with stdout).
  public static func start(
    _ argv: [String], environment: [String: String]? = nil, stdin: String? = nil,
    stdout: String? = nil, stderr: String? = nil, append: Bool = false
  ) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
    let writing = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
    posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", writing, 0o600)
    if let stderr {
      posix_spawn_file_actions_addopen(&actions, 2, stderr, writing, 0o600)
    } else {
      posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    guard let closeFrom = addCloseFrom else {
      throw Failure(description: "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34+)")
    }
    _ = closeFrom(&actions, 3)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let cArgv = argv.map { strdup($0) } + [nil]
    defer { for pointer in cArgv { free(pointer) } }
    let variables = environment ?? ProcessInfo.processInfo.environment
    let cEnvp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in cEnvp { free(pointer) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArgv, cEnvp)
    guard spawned == 0 else {
      throw Failure(description: "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
    }
    return pid
  }

  /// Waits for `pid` to end; after `timeout` sends SIGTERM, and SIGKILL a second later.
  public static func wait(_ pid: pid_t, timeout: Duration? = nil) -> Ending {
    let deadline = timeout.map { ContinuousClock.now + $0 }
    var timedOut = false
    var killAt: ContinuousClock.Instant?
    var status: Int32 = 0
    while true {
      let reaped = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
      if reaped == pid { break }
      if reaped < 0 && errno != EINTR {
        return Ending(status: -1, signalled: false, timedOut: timedOut)
      }
      guard let deadline else { continue }
      let now = ContinuousClock.now
      if !timedOut && now >= deadline {
        timedOut = true
        kill(pid, SIGTERM)
        killAt = now + .seconds(1)
      } else if let at = killAt, now >= at {
        kill(pid, SIGKILL)
        killAt = nil
      }
      usleep(5_000)
    }
    // WIFEXITED / WTERMSIG are macros: the wait status decoded by hand.
    let signal = status & 0x7F
    return signal == 0
      ? Ending(status: (status >> 8) & 0xFF, signalled: false, timedOut: timedOut)
      : Ending(status: signal, signalled: true, timedOut: timedOut)
  }

  /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which its Swift module does
  /// not import: found by name in the C library already loaded.
  private static let addCloseFrom:
    (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
      else { return nil }
      return unsafeBitCast(
        symbol,
        to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}

extension ChildProcess {
  /// Runs blocking `work` (waiting for a child, psql holding a lock for a minute, a server
  /// starting) on a thread of its own, not on the Swift concurrency pool: that has about one
  /// thread per core, and a few such waits would starve every other test of the process.
  public static func onOwnThread<T: Sendable>(
    _ work: @escaping @Sendable () throws -> T
  ) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
    }
  }

  /// Whether `pid` still runs: a process that has exited stays a zombie until it is reaped
  /// (by its parent, or by init for a daemon), which `kill(pid, 0)` cannot tell from a live
  /// one.
  public static func isRunning(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return true }
    return !stat[close...].hasPrefix(") Z")
  }

  /// `onOwnThread` for work that cannot fail.
  public static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: work()) }.start()
    }
  }
}
