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

  /// No `setenv` here: changing the environment while the other suites run races their
  /// reads of it (`environ` is reallocated under them; it crashed `Process.run` in another
  /// test). A variable this process already has is removed for the child instead.
  @Test func environmentIsAddedToAndCanBeRemoved() async throws {
    let shellSets: Set = ["PATH", "PWD", "OLDPWD", "SHLVL", "IFS", "PPID", "OPTIND", "_"]
    let inherited = try #require(
      ProcessInfo.processInfo.environment.keys.sorted().first { name in
        !shellSets.contains(name)
          && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
      })
    let output = try await Binary.run(
      ["-c", "echo \"[$SMARTCONNECT_PROBE_ADDED][${\(inherited)-unset}]\""],
      environment: ["SMARTCONNECT_PROBE_ADDED": "yes", inherited: nil],
      executable: URL(fileURLWithPath: "/bin/sh"))
    #expect(output.stdout == "[yes][unset]\n", "removing \(inherited)")
  }

  /// A run leaves no descriptor open. Each used to leak its two pipes, and once a full test
  /// run had leaked a few thousand, Foundation's Process.run crashed reading /proc/self/fd.
  /// Checked by the run's own read ends (other suites open pipes meanwhile, and may be
  /// given the same descriptor numbers: a number in use again holds another inode).
  @Test func runsLeaveNoPipeOpen() async throws {
    for _ in 0..<20 {
      let output = try await Binary.run(
        ["-c", "echo out; echo err >&2"], executable: URL(fileURLWithPath: "/bin/sh"))
      #expect(output.readEnds.count == 2)
      for end in output.readEnds {
        var status = stat()
        let open = fstat(end.descriptor, &status) == 0 && UInt64(status.st_ino) == end.inode
        #expect(!open, "the read end \(end.descriptor) of a finished run is still open")
      }
    }
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
