import Foundation

/// Runs the built `smartconnect` binary the way a technician's shell would, through pipes.
///
/// The binary is found, in order: `SMARTCONNECT_BIN`; beside the test bundle (SwiftPM puts
/// the test runner and the executable in the same build folder); `.build/debug` of the
/// package this file belongs to. `swift build` / `swift test` build it.
enum Binary {
  /// What one run produced.
  struct Output: Sendable, CustomStringConvertible {
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    /// The process was ended by a signal (a crash, or the timeout's kill).
    var signalled: Bool
    /// The process did not finish within the timeout and was killed.
    var timedOut: Bool
    var stdout: String
    var stderr: String
    /// The descriptors and inodes of the two pipes' read ends this run used (BinaryTests
    /// checks that they are closed once `run` returns).
    var readEnds: [(descriptor: Int32, inode: UInt64)] = []

    /// For `#expect` failure messages: everything needed to see what went wrong.
    var description: String {
      "status \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : "")\n"
        + "--- stdout\n\(stdout)--- stderr\n\(stderr)---"
    }
  }

  struct NotFound: Error, CustomStringConvertible {
    var searched: [String]
    var description: String {
      "smartconnect binary not found; run `swift build` or set SMARTCONNECT_BIN. Looked in: "
        + searched.joined(separator: ", ")
    }
  }

  /// The binary to run.
  static func executableURL() throws -> URL {
    var candidates: [URL] = []
    if let path = ProcessInfo.processInfo.environment["SMARTCONNECT_BIN"], !path.isEmpty {
      // An explicit choice is not second-guessed with fallbacks.
      return URL(fileURLWithPath: path)
    }
    // Linux: the test runner is an executable in the build folder.
    if let runner = Bundle.main.executableURL {
      candidates.append(runner.deletingLastPathComponent().appendingPathComponent("smartconnect"))
    }
    // macOS: the tests are an .xctest bundle in the build folder.
    for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
      candidates.append(
        bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("smartconnect"))
    }
    // This file is Tests/EndToEndTests/Support/Binary.swift; the package root is 4 up.
    var root = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { root.deleteLastPathComponent() }
    candidates.append(root.appendingPathComponent(".build/debug/smartconnect"))

    if let found = candidates.first(where: {
      FileManager.default.isExecutableFile(atPath: $0.path)
    }) {
      return found
    }
    throw NotFound(searched: candidates.map(\.path))
  }

  /// Runs `smartconnect arguments…`.
  ///
  /// - Parameters:
  ///   - environment: added to (and overriding) the test process's environment; a value
  ///     of `nil` removes the variable, so a test can make sure `SMARTCONNECT_STORE` or
  ///     `SMARTCONNECT_NOW` from the developer's shell does not leak in.
  ///   - stdin: the process's standard input; `nil` gives it `/dev/null` so a command that
  ///     wrongly waits for input cannot hang the suite.
  ///   - timeout: after this the process gets SIGTERM, then SIGKILL a second later.
  ///   - executable: another program to run the same way (the helper's own tests use it).
  static func run(
    _ arguments: [String],
    environment: [String: String?] = [:],
    stdin: String? = nil,
    timeout: Duration = .seconds(30),
    executable: URL? = nil
  ) async throws -> Output {
    let process = Process()
    process.executableURL = try executable ?? executableURL()
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for (name, value) in environment { merged[name] = value }
    process.environment = merged

    // Input comes from a file, not a pipe: nothing to feed while the process runs, and a
    // process that exits without reading cannot raise SIGPIPE in the test runner.
    var inputFile: URL?
    defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
    if let stdin {
      let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("smartconnect-stdin-\(UUID().uuidString)")
      try Data(stdin.utf8).write(to: url)
      inputFile = url
      process.standardInput = try FileHandle(forReadingFrom: url)
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    let outPipe = Pipe()
    let errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe

    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try await launchWithSignalsUnblocked(process)
    // Drain both pipes while the process runs: a full pipe would block it forever.
    async let out = onOwnThread { outPipe.fileHandleForReading.readDataToEndOfFile() }
    async let err = onOwnThread { errPipe.fileHandleForReading.readDataToEndOfFile() }

    var timedOut = false
    if await !wait(exited, for: timeout) {
      timedOut = true
      process.terminate()
      if await !wait(exited, for: .seconds(1)) {
        kill(process.processIdentifier, SIGKILL)
        _ = await wait(exited, for: .seconds(10))
      }
    }
    let (stdout, stderr) = await (out, err)
    // Closed here, not left to the pipes' deallocation: Foundation keeps them (the Process
    // holds them), and every run leaked two descriptors. Over a full `swift test`, 2 800
    // leaked pipes made Process.run's scan of /proc/self/fd crash (swift-corelibs-foundation
    // #5472: it over-reads readdir's buffer once the directory fills it).
    let readEnds = [outPipe, errPipe].map { pipe in
      let descriptor = pipe.fileHandleForReading.fileDescriptor
      var status = stat()
      fstat(descriptor, &status)
      return (descriptor: descriptor, inode: UInt64(status.st_ino))
    }
    try? outPipe.fileHandleForReading.close()
    try? errPipe.fileHandleForReading.close()
    return Output(
      status: process.terminationStatus,
      signalled: process.terminationReason == .uncaughtSignal,
      timedOut: timedOut,
      stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self), readEnds: readEnds)
  }

  /// Starts `process` from a thread whose signal mask is empty.
  ///
  /// A child inherits the signal mask of the thread that spawns it, and the threads test
  /// code runs on block nearly every signal (measured: `SigBlk: fffffffe3bfbea27`). Spawned
  /// from there, the binary would ignore SIGTERM, SIGINT and SIGHUP, unlike when a shell
  /// starts it, and signal-handling tests would test nothing.
  private static func launchWithSignalsUnblocked(_ process: Process) async throws {
    let box = UncheckedSendable(process)
    try await onOwnThread { () -> Result<Void, any Error> in
      var none = sigset_t()
      sigemptyset(&none)
      pthread_sigmask(SIG_SETMASK, &none, nil)
      return Result { try box.value.run() }
    }.get()
  }

  /// Runs blocking `work` on a thread of its own. Not on the Swift concurrency pool, and
  /// not on Dispatch's global queues either: on Linux those have about one thread per core,
  /// and blocked readers there starve the queue that delivers `terminationHandler`.
  private static func onOwnThread<T: Sendable>(
    _ work: @escaping @Sendable () -> T
  ) async -> T {
    await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: work()) }.start()
    }
  }

  /// Waits for `semaphore`; `false` when `duration` passed first.
  private static func wait(_ semaphore: DispatchSemaphore, for duration: Duration) async -> Bool {
    let (seconds, attoseconds) = duration.components
    let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    return await onOwnThread {
      let result = semaphore.wait(timeout: .now() + .nanoseconds(nanoseconds))
      if result == .success { semaphore.signal() }  // later waits see the exit too
      return result == .success
    }
  }
}

/// Hands a non-`Sendable` value to one other thread that alone uses it for a while.
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
