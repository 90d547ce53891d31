import Foundation
import Testing

/// `--script` and `--record` (issue 16 §3) through the built binary in a real pty: every
/// script in `walkthroughs/` plays to its end on the demo store and its recording is a valid
/// asciicast v2 file that `asciinema cat` reads; a failed `expect` says where and what; a
/// recording on a real store never holds a code; a crash keeps what was recorded.
@Suite(.serialized) struct WalkthroughScriptTests {
  static let now = "2027-01-15T09:00:00Z"
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("walkthroughs")

  static var walkthroughs: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".txt") }.sorted()
  }

  /// The last phrase each walkthrough must have shown (read from its final `expect`).
  static func lastExpect(_ script: String) throws -> String {
    let text = try String(contentsOf: folder.appendingPathComponent(script), encoding: .utf8)
    let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("expect \"") })
    return String(line.dropFirst("expect \"".count).prefix { $0 != "\"" })
  }

  func temporary() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-walk-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func thereAreTheFiveWalkthroughs() {
    #expect(
      Self.walkthroughs == [
        "mistyped-code.txt", "standard.txt", "two-codes-pasted.txt",
        "upgrade-and-downgrade.txt",
      ])
  }

  /// Each walkthrough plays to its end (exit 0) at 20× speed, and its recording reaches the
  /// script's last `expect`, is valid asciicast v2, and `asciinema cat` reads it.
  @Test(arguments: walkthroughs)
  func walkthroughPlaysAndItsRecordingIsReadable(script: String) async throws {
    let folder = try temporary()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cast = folder.appendingPathComponent("walk.cast").path
    try await TmuxPane.with([
      "--demo", "--now", Self.now, "--script", Self.folder.appendingPathComponent(script).path,
      "--speed", "20", "--record", cast,
    ]) { pane in
      let status = try await pane.waitForExit(timeout: .seconds(90))
      let transcript = try await pane.transcript()
      #expect(status == 0, "\(transcript)")
    }
    let output = try Self.checkAsciicast(path: cast)
    #expect(output.contains(try Self.lastExpect(script)))
    try await Self.asciinemaCat(cast)
  }

  /// A failed `expect` stops the run: exit 1, with the script's line, the text expected and
  /// the screen's text.
  @Test func failedExpectSaysWhereWhatAndTheScreen() async throws {
    let folder = try temporary()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("fails.txt")
    try "expect \"Subscription Overview\"\nkey a\n# wrong on purpose\nexpect \"Nonexistent\" 1s\n"
      .write(to: script, atomically: true, encoding: .utf8)
    try await TmuxPane.with(["--demo", "--now", Self.now, "--script", script.path]) { pane in
      #expect(try await pane.waitForExit(timeout: .seconds(30)) == 1)
      let words = try await pane.transcript().split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
      #expect(words.contains("\(script.path):4: expected \"Nonexistent\" within 1 s"), "\(words)")
      #expect(words.contains("Activate Code · step 1 of 5"), "the screen's text: \(words)")
    }
    try "expect \"Aperçu des abonnements\"\nexpect \"Nonexistent\" 1s\n"
      .write(to: script, atomically: true, encoding: .utf8)
    try await TmuxPane.with(
      ["--demo", "--now", Self.now, "--lang", "fr", "--script", script.path]
    ) { pane in
      #expect(try await pane.waitForExit(timeout: .seconds(30)) == 1)
      let words = try await pane.transcript().split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
      #expect(
        words.contains("\(script.path):2: \"Nonexistent\" attendu en 1 s ; l'écran affiche :"),
        "\(words)")
    }
  }

  /// A script that cannot be played is refused before the screen starts (exit 64), naming
  /// its line.
  @Test func badScriptIsAUsageError() async throws {
    let folder = try temporary()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("bad.txt")
    try "key a\ntpye 12345\n".write(to: script, atomically: true, encoding: .utf8)
    try await TmuxPane.with(["--demo", "--script", script.path]) { pane throws in
      #expect(try await pane.waitForExit() == 64)
      #expect(try await pane.transcript().contains("bad.txt:2: unknown command 'tpye'"))
    }
    try await TmuxPane.with(["--demo", "--lang", "fr", "--script", script.path]) { pane throws in
      #expect(try await pane.waitForExit() == 64)
      #expect(try await pane.transcript().contains("bad.txt:2: commande inconnue 'tpye'"))
    }
  }

  /// On a real store the code typed is recorded masked: the recording holds its last group
  /// only, while the screen showed it whole.
  @Test func recordingOnARealStoreMasksTheCode() async throws {
    let (store, codes) = try await WizardReliabilityTests.seeded(codes: 1)
    defer { store.remove() }
    let folder = try temporary()
    defer { try? FileManager.default.removeItem(at: folder) }
    let code = codes[0]
    let script = folder.appendingPathComponent("type.txt")
    try "expect \"Subscription Overview\"\nkey a\ntype \(code)\nexpect \"Well-formed\"\n"
      .write(to: script, atomically: true, encoding: .utf8)
    let cast = folder.appendingPathComponent("real.cast").path
    try await TmuxPane.with([
      "--store", store.path, "--now", Self.now, "--script", script.path, "--record", cast,
    ]) { pane throws in
      #expect(try await pane.waitForExit(timeout: .seconds(30)) == 0)
    }
    let output = try Self.checkAsciicast(path: cast)
    let raw = try String(contentsOfFile: cast, encoding: .utf8)
    #expect(!raw.contains(code), "the code is in the recording")
    #expect(!raw.contains(String(code.prefix(5))), "a group other than the last is recorded")
    #expect(output.contains("*****-*****-*****-" + code.suffix(5)), "\(output)")
    try await Self.asciinemaCat(cast)
  }

  /// Killed by a crash signal mid-session, the recording keeps every frame written so far.
  @Test func crashKeepsWhatWasRecorded() async throws {
    let folder = try temporary()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cast = folder.appendingPathComponent("crash.cast").path
    try await TmuxPane.with(
      ["--demo", "--now", Self.now, "--record", cast],
      environment: ["SWIFT_BACKTRACE": "enable=no"]) { pane in
      try await pane.waitForScreen(containing: "Subscription Overview", "a Activate Code")
      // A frame is recorded just after it is drawn: give each a moment before going on.
      try await Task.sleep(for: .milliseconds(200))
      try await pane.type("a")
      try await pane.waitForScreen(containing: "Activate Code · step 1 of 5")
      try await Task.sleep(for: .milliseconds(200))
      try await pane.signal(SIGSEGV)
      #expect(try await pane.waitForExit() == 128 + SIGSEGV)
    }
    let output = try Self.checkAsciicast(path: cast)
    #expect(output.contains("Activate Code · step 1 of 5"))
  }

  // MARK: - The format

  /// Checks `path` is asciicast v2 (a header object, then `[time, "o", text]` lines with
  /// times that never go back) and returns the output text, concatenated.
  static func checkAsciicast(path: String) throws -> String {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let first = try #require(lines.first)
    let header = try #require(
      try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    #expect(header["version"] as? Int == 2)
    #expect(header["width"] as? Int == 80 && header["height"] as? Int == 24)
    var last = 0.0
    var output = ""
    for line in lines.dropFirst() {
      let event = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(line)")
      let time = try #require(event.first as? Double)
      #expect(event.count == 3 && event[1] as? String == "o")
      #expect(time >= last)
      last = time
      output += try #require(event[2] as? String)
    }
    #expect(lines.count > 1, "no frame recorded")
    return output
  }

  /// `asciinema cat FILE` reads the recording (it needs a terminal: run under `script`).
  /// A machine without asciinema fails here (.ci/run installs it).
  static func asciinemaCat(_ path: String) async throws {
    let asciinema = ["/usr/bin/asciinema", "/usr/local/bin/asciinema"]
      .first { FileManager.default.isExecutableFile(atPath: $0) }
    let found = try #require(asciinema, "asciinema is not installed (apt-get install asciinema)")
    let output = try Spawn.run(
      "/usr/bin/script", ["-qec", "\(found) cat \(TmuxPane.quoted(path))", "/dev/null"])
    #expect(output.status == 0, "asciinema cat \(path): \(output.stdout)")
  }
}
