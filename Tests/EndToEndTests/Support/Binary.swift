import ChildProcess
import Foundation

/// Runs the built `smartconnect` binary the way a technician's shell would, its output to files.
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
    let program = try executable ?? executableURL()
    var merged = ProcessInfo.processInfo.environment
    for (name, value) in environment { merged[name] = value }

    // Input comes from a file, not a pipe: nothing to feed while the process runs, and a
    // process that exits without reading cannot raise SIGPIPE in the test runner.
    var inputFile: String?
    defer { if let inputFile { unlink(inputFile) } }
    if let stdin {
      let path = NSTemporaryDirectory() + "smartconnect-stdin-\(UUID().uuidString)"
      try Data(stdin.utf8).write(to: URL(fileURLWithPath: path))
      inputFile = path
    }
    // ChildProcess, not Foundation's Process (which crashes a test process holding many
    // descriptors); it also starts the child with no signal blocked, as a shell would: the
    // threads test code runs on block nearly every signal, and a binary inheriting that
    // would ignore SIGTERM, SIGINT and SIGHUP, so signal-handling tests would test nothing.
    // The wait blocks a thread of its own, not one of the concurrency pool's.
    let argv = [program.path] + arguments
    let (variables, input) = (merged, inputFile)
    let result = try await ChildProcess.onOwnThread {
      Result {
        try ChildProcess.run(
          argv, environment: variables, stdin: input, separateStderr: true, timeout: timeout)
      }
    }.get()
    return Output(
      status: result.ending.status, signalled: result.ending.signalled,
      timedOut: result.ending.timedOut, stdout: result.stdout, stderr: result.stderr)
  }
}
