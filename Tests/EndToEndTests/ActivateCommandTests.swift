import Foundation
import Testing

/// `activate`, `code issue`, `device add|import` and `overview` through the real binary
/// against a temporary store (DESIGN §4, the issue's "Done when").
@Suite struct ActivateCommandTests {
  /// A 3-seat Advanced code, four devices one of which holds a running Standard license:
  /// activated onto three with `--json`, a fourth refused.
  @Test func threeSeatAdvancedCodeOntoThreeOfFourDevices() async throws {
    let fleet = try TemporaryFleet()
    for n in 1...3 {
      try await fleet.succeed(
        [
          "device", "add", "SN\(n)", "--name", "UPS \(n)", "--model", "Smart-UPS 1500",
          "--site", "Lyon",
        ])
    }
    let csv = fleet.folder + "/more.csv"
    try Data("serial,name,model,site\nSN4,UPS 4,Smart-UPS SRT 3000,Berlin\n".utf8)
      .write(to: URL(fileURLWithPath: csv))
    #expect(try await fleet.succeed(["device", "import", csv]) == "Imported 1 device.\n")
    // SN1 got a Standard year on 2026-10-15: running until 2027-10-15.
    let standard = try await fleet.issue("standard", seats: 1, now: "2026-10-15")
    try await fleet.succeed(["activate", standard, "--device", "SN1"], now: "2026-10-15")

    let advanced = try await fleet.issue("advanced", seats: 3)
    let output = try await fleet.run(
      ["activate", advanced, "--device", "SN1", "--device", "SN2", "--device", "SN3", "--json"])
    #expect(output.status == 0, "\(output)")
    let json = try TemporaryFleet.object(output.stdout)
    #expect(json["code"] as? String == "*****-*****-*****-" + advanced.suffix(5))
    #expect(json["tier"] as? String == "advanced")
    #expect(json["term_months"] as? Int == 12)
    #expect(json["seats"] as? Int == 3)
    #expect(json["seats_left"] as? Int == 0)
    let assignments = try #require(json["assignments"] as? [[String: Any]])
    #expect(assignments.map { $0["device"] as? String } == ["SN1", "SN2", "SN3"])
    #expect(assignments.map { $0["kind"] as? String } == ["upgrade", "new", "new"])
    #expect(
      assignments.allSatisfy {
        $0["tier"] as? String == "advanced"
          && $0["starts_at"] as? String == "2027-01-15T09:00:00Z"
          && $0["ends_at"] as? String == "2028-01-15T09:00:00Z"
      })

    let fourth = try await fleet.run(["activate", advanced, "--device", "SN4"])
    #expect(fourth.status == 1, "\(fourth)")
    #expect(fourth.stdout == "")
    #expect(fourth.stderr.contains("All seats"), "\(fourth)")
    #expect(fourth.stderr.contains("SN1, SN2, SN3"), "\(fourth)")

    let overview = try TemporaryFleet.object(try await fleet.succeed(["overview", "--json"]))
    let devices = try #require(overview["devices"] as? [[String: Any]])
    #expect(devices.map { $0["serial"] as? String } == ["SN4", "SN1", "SN2", "SN3"])
    #expect(devices.map { $0["tier"] as? String } == ["basic", "advanced", "advanced", "advanced"])
    #expect(devices[0]["covered_until"] is NSNull)
    let sn1 = try #require(devices[1]["licenses"] as? [[String: Any]])
    #expect(sn1.map { $0["tier"] as? String } == ["standard", "advanced"])
    #expect(sn1[0]["ends_at"] as? String == "2027-10-15T00:00:00Z")
  }

  @Test func jsonKeysFollowTheDesignInOrder() async throws {
    let fleet = try TemporaryFleet()
    try await fleet.succeed(["device", "add", "SN1", "--name", "UPS 1"])
    let code = try await fleet.issue("standard", seats: 2)
    let activation = try await fleet.succeed(["activate", code, "--device", "SN1", "--json"])
    let masked = "*****-*****-*****-" + code.suffix(5)
    #expect(
      activation == """
        {"code":"\(masked)","tier":"standard","term_months":12,"seats":2,"seats_left":1,\
        "assignments":[{"device":"SN1","tier":"standard","kind":"new",\
        "starts_at":"2027-01-15T09:00:00Z","ends_at":"2028-01-15T09:00:00Z"}]}

        """)
    let overview = try await fleet.succeed(["overview", "--json"], now: "2027-02-01")
    #expect(
      overview == """
        {"now":"2027-02-01T00:00:00Z","devices":[{"serial":"SN1","name":"UPS 1","model":"",\
        "site":"","tier":"standard","covered_until":"2028-01-15T09:00:00Z","licenses":[\
        {"tier":"standard","kind":"new","starts_at":"2027-01-15T09:00:00Z",\
        "ends_at":"2028-01-15T09:00:00Z","code":"\(masked)"}]}],"plans":[{"code":"\(masked)",\
        "tier":"standard","term_months":12,"seats":2,"seats_left":1,"redeem_by":null}]}

        """)
    #expect(!overview.contains(code))
  }

  @Test func codeFromStandardInputAndDryRun() async throws {
    let fleet = try TemporaryFleet()
    try await fleet.succeed(["device", "add", "SN1", "--name", "UPS 1"])
    let code = try await fleet.issue("advanced", seats: 1)
    let dry = try await fleet.succeed(
      ["activate", "-", "--device", "SN1", "--dry-run"], stdin: code.lowercased() + "\n")
    #expect(dry.hasPrefix("Dry run, nothing written."), "\(dry)")
    let before = try TemporaryFleet.object(try await fleet.succeed(["overview", "--json"]))
    #expect((before["plans"] as? [Any])?.isEmpty == true)
    let real = try TemporaryFleet.object(
      try await fleet.succeed(["activate", "-", "--device", "SN1", "--json"], stdin: code))
    #expect(real["seats_left"] as? Int == 0)
    // Entering the activated code again shows the plan, not an error.
    let again = try TemporaryFleet.object(try await fleet.succeed(["activate", code, "--json"]))
    #expect(again["seats_left"] as? Int == 0)
    #expect((again["assignments"] as? [Any])?.isEmpty == true)
  }

  @Test func redeemByDateCountsTheWholeDay() async throws {
    let fleet = try TemporaryFleet()
    let issued = try await fleet.succeed(
      [
        "code", "issue", "--tier", "standard", "--term-months", "12", "--seats", "1",
        "--count", "2", "--redeem-by", "2027-01-15",
      ])
    let codes = issued.split(separator: "\n").map(String.init)
    #expect(codes.count == 2)
    try await fleet.succeed(["activate", codes[0]], now: "2027-01-15T23:59:59Z")
    let late = try await fleet.run(["activate", codes[1]], now: "2027-01-16T00:00:00Z")
    #expect(late.status == 1, "\(late)")
    #expect(late.stderr.contains("had to be activated by 2027-01-15"), "\(late)")
    #expect(!late.stderr.contains(codes[1]))
  }
}

/// `activate -` at a terminal: a prompt, and the code typed is not echoed to the screen.
@Suite struct ActivateFromTerminalTests {
  @Test func codeTypedAtTheTerminalIsNotShown() async throws {
    let fleet = try TemporaryFleet()
    let code = try await fleet.issue("standard", seats: 1)
    try await TmuxPane.with(
      ["activate", "-", "--json", "--store", fleet.store, "--now", fleet.now], width: 200) { pane in
      try await pane.waitForScreen(containing: "Activation code (not shown):")
      try await pane.type(code)
      try await pane.enter()
      let screen = try await pane.waitForScreen(containing: "\"seats_left\":1")
      #expect(!screen.contains(code), "\(screen)")
      #expect(screen.contains("*****-*****-*****-" + code.suffix(5)), "\(screen)")
      #expect(try await pane.waitForExit() == 0)
    }
  }
}

/// `--devices-from FILE`: many devices without thousands of arguments.
@Suite struct DevicesFromFileTests {
  @Test func serialsFromAFileAreAssignedWithThoseGivenAsOptions() async throws {
    let fleet = try TemporaryFleet()
    let csv = fleet.folder + "/fleet.csv"
    let rows = ["serial,name"] + (1...6).map { "SN\($0),UPS \($0)" }
    try Data(rows.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: csv))
    try await fleet.succeed(["device", "import", csv])
    let list = fleet.folder + "/serials.txt"
    try Data("SN2\n  SN3  \n\nSN4\r\n".utf8).write(to: URL(fileURLWithPath: list))
    let code = try await fleet.issue("standard", seats: 5)
    let json = try TemporaryFleet.object(
      try await fleet.succeed(
        ["activate", code, "--device", "SN1", "--devices-from", list, "--json"]))
    let assignments = try #require(json["assignments"] as? [[String: Any]])
    #expect(assignments.map { $0["device"] as? String } == ["SN1", "SN2", "SN3", "SN4"])
    #expect(json["seats_left"] as? Int == 1)

    let twice = try await fleet.run(["activate", code, "--device", "SN2", "--devices-from", list])
    #expect(twice.status == 1, "\(twice)")
    #expect(twice.stderr.contains("named twice"), "\(twice)")
    let missing = try await fleet.run(["activate", code, "--devices-from", list + ".nope"])
    #expect(missing.status == 64, "\(missing)")
  }

  /// A pipe (`/dev/stdin` in a pipeline, a shell's `<(…)`, a FIFO) is read like a file, by
  /// `device import` and by `--devices-from`: Foundation's whole-file read refused one with
  /// "You don't have permission".
  @Test func aPipeIsReadLikeAFile() async throws {
    let fleet = try TemporaryFleet()
    let csv = try Self.pipe(
      fleet.folder + "/fleet.csv", carrying: "serial,name\nSN1,UPS 1\nSN2,UPS 2\n")
    try await fleet.succeed(["device", "import", csv])
    let list = try Self.pipe(fleet.folder + "/serials", carrying: "SN1\nSN2\n")
    let code = try await fleet.issue("standard", seats: 2)
    let json = try TemporaryFleet.object(
      try await fleet.succeed(["activate", code, "--devices-from", list, "--json"]))
    let assignments = try #require(json["assignments"] as? [[String: Any]])
    #expect(assignments.map { $0["device"] as? String } == ["SN1", "SN2"])
  }

  /// A FIFO at `path` that a thread of its own fills with `text` once a reader opens it.
  static func pipe(_ path: String, carrying text: String) throws -> String {
    guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    Thread {
      let fd = open(path, O_WRONLY)  // waits for the reader
      guard fd >= 0 else { return }
      _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      close(fd)
    }.start()
    return path
  }
}
