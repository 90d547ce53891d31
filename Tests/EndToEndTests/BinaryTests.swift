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

  /// The child inherits no descriptor of the test process beyond 0-2 (as from a shell, and
  /// as Foundation's Process did): here one without close-on-exec, which it must not see.
  @Test func theChildInheritsNoDescriptor() async throws {
    let open = dup(0)
    #expect(open > 2)
    defer { close(open) }
    let output = try await Binary.run(
      ["-c", "ls /proc/$$/fd"], executable: URL(fileURLWithPath: "/bin/sh"))
    let seen = output.stdout.split(separator: "\n").compactMap { Int32($0) }
    #expect(seen.contains(0) && seen.contains(1) && seen.contains(2), "\(output)")
    #expect(!seen.contains(open), "descriptor \(open) reached the child: \(seen)")
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
