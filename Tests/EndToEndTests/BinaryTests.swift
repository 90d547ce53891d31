import Foundation
import Testing

/// The process helper every end-to-end test stands on: if it lies, they all do.
@Suite struct BinaryTests {
  @Test func findsTheBuiltBinary() throws {
    let url = try Binary.executableURL()
    #expect(url.lastPathComponent == "smartconnect")
    #expect(FileManager.default.isExecutableFile(atPath: url.path))
  }

  @Test func passesStandardInputAndSeparatesTheStreams() async throws {
    let output = try await Binary.run(
      ["-c", "cat; echo oops >&2; exit 3"], stdin: "line one\nline two\n",
      executable: URL(fileURLWithPath: "/bin/sh"))
    #expect(output.status == 3)
    #expect(output.stdout == "line one\nline two\n")
    #expect(output.stderr == "oops\n")
    #expect(!output.timedOut && !output.signalled)
  }

  @Test func environmentIsAddedToAndCanBeRemoved() async throws {
    setenv("SMARTCONNECT_PROBE_INHERITED", "leaked", 1)
    let output = try await Binary.run(
      ["-c", "echo \"[$SMARTCONNECT_PROBE_ADDED][${SMARTCONNECT_PROBE_INHERITED-unset}]\""],
      environment: ["SMARTCONNECT_PROBE_ADDED": "yes", "SMARTCONNECT_PROBE_INHERITED": nil],
      executable: URL(fileURLWithPath: "/bin/sh"))
    #expect(output.stdout == "[yes][unset]\n")
  }

  /// The child must see SIGTERM the way it would when started from a shell; see
  /// `launchWithSignalsUnblocked`. `sleep` installs no handlers, so SIGTERM ends it.
  @Test func timeoutEndsTheProcessWithSigterm() async throws {
    let output = try await Binary.run(
      ["30"], timeout: .milliseconds(300), executable: URL(fileURLWithPath: "/bin/sleep"))
    #expect(output.timedOut)
    #expect(output.signalled)
    #expect(output.status == SIGTERM)
  }
}
