import Foundation
import NUTTestSupport
import Testing

/// The wizard on a gateway, through the built binary in tmux, against Debian's real upsd
/// serving three units (two the fleet lacks, one it has): the Overview's offer adds exactly
/// the new ones, the Assign screen marks the gateway's units and `g` lists only them. A upsd
/// that is not there, or silent, changes nothing and holds up nothing.
@Suite("Wizard on a gateway (NUT)", .serialized)
struct GatewayWizardEndToEndTests {
  static let units = [GatewayFleet.units[0], GatewayFleet.units[1], GatewayFleet.units[3]]

  /// The fleet has the "control" unit and a device elsewhere, and an activated plan.
  func fleetStore() async throws -> CLIStore {
    let store = try CLIStore(now: "2027-01-15T09:00:00Z")
    try await store.must([
      "device", "add", "AS2108234567", "--name", "Control room UPS", "--model",
      "Smart-UPS SRT 2200", "--site", "Lyon Plant",
    ])
    try await store.must([
      "device", "add", "AS1935123401", "--name", "Rack A1 UPS", "--site", "Austin Office",
    ])
    let code = try #require(try await store.issue(seats: 3).first)
    try await store.must(["activate", code])
    return store
  }

  func withWizard(
    _ store: CLIStore, nut: String, _ body: (TmuxPane) async throws -> Void
  ) async throws {
    let pane = try await TmuxPane(
      ["--store", store.path, "--now", store.now, "--nut", nut], environment: ["LOGNAME": "e2e-tech"])
    do {
      try await body(pane)
    } catch {
      await pane.close()
      throw error
    }
    try await pane.send([3])
    _ = try await pane.waitForExit()
    await pane.close()
  }

  @Test func theOverviewAddsTheNewUnitsAndAssignMarksAndFiltersThem() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    try await NUTServer.with(Self.units) { server in
      try await withWizard(store, nut: "127.0.0.1:\(server.port)") { pane in
        try await pane.waitForScreen(
          containing: "2 UPS units on this gateway are not in the fleet: press g to add them.")
        try await pane.type("g")
        let confirmation = try await pane.waitForScreen(
          containing: "Add 2 UPS units that this gateway's upsd serves to the fleet?")
        let box = confirmation.split(separator: "\n").filter { $0.contains("AS23101") }
        #expect(box.count == 2, "\(confirmation)")
        #expect(box[0].contains("Line 3 PLC UPS") && box[0].contains("Smart-UPS SRT 1500"))
        #expect(box[1].contains("Line 4 PLC UPS") && box[1].contains("Lyon Plant"))
        #expect(confirmation.contains("Enter Add them"), "\(confirmation)")
        #expect(try store.count("SELECT count(*) FROM device") == 2, "nothing added before Enter")
        // Like Confirm, the add acts only on a key pressed once it could be read.
        try await Task.sleep(for: .milliseconds(700))
        try await pane.enter()
        try await pane.waitForScreen(containing: "Added 2 devices from this gateway.", "1–4 of 4")
        #expect(
          try store.rows("SELECT serial, name, model, site FROM device ORDER BY serial") == [
            #"[serial:"AS1935123401" name:"Rack A1 UPS" model:"" site:"Austin Office"]"#,
            #"[serial:"AS2108234567" name:"Control room UPS" model:"Smart-UPS SRT 2200" site:"Lyon Plant"]"#,
            #"[serial:"AS2310100001" name:"Line 3 PLC UPS" model:"Smart-UPS SRT 1500" site:"Lyon Plant"]"#,
            #"[serial:"AS2310100002" name:"Line 4 PLC UPS" model:"Smart-UPS 1500" site:"Lyon Plant"]"#,
          ])
        // One write for both (all or none), after the two `device add` of the setup.
        #expect(
          try store.rows("SELECT action, detail FROM audit WHERE action = 'device.add' ORDER BY id")
            .last == #"[action:"device.add" detail:"added 2 devices"]"#)

        // Activate Code with nothing typed goes on to the plan activated beforehand.
        try await pane.type("a")
        try await pane.waitForScreen(containing: "Activate Code")
        try await pane.enter()
        try await pane.waitForScreen(containing: "Your activated plans")
        try await pane.enter()
        let assign = try await pane.waitForScreen(
          containing: "Assign to device", "1–4 of 4", "Rack A1 UPS", "Line 4 PLC UPS")
        let lines = assign.split(separator: "\n")
        for name in ["Control room UPS", "Line 3 PLC UPS", "Line 4 PLC UPS"] {
          #expect(lines.contains { $0.hasPrefix("│*") && $0.contains(name) }, "\(name) is marked:\n\(assign)")
        }
        #expect(lines.contains { $0.hasPrefix("│ ") && $0.contains("Rack A1 UPS") }, "\(assign)")
        #expect(assign.contains("* on this gateway (upsd)"), "\(assign)")
        #expect(assign.contains("g This gateway"), "\(assign)")

        try await pane.type("g")
        let only = try await pane.waitForScreen(containing: "Devices on this gateway  1–3 of 3")
        #expect(!only.contains("Rack A1 UPS"), "\(only)")
        #expect(only.contains("g All devices"), "\(only)")
        try await pane.type("g")
        try await pane.waitForScreen(containing: "Devices  1–4 of 4", "Rack A1 UPS")
      }
    }
  }

  /// The line-by-line wizard marks, filters and adds the same way. Each prompt shows what
  /// upsd has answered by the time it is asked (it is never waited for).
  @Test func thePlainPromptsMarkFilterAndAdd() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    try await NUTServer.with(Self.units) { server in
      let pane = try await TmuxPane(
        ["--plain", "--store", store.path, "--now", store.now, "--nut", "127.0.0.1:\(server.port)"],
        environment: ["LOGNAME": "e2e-tech"])
      do {
        func answer(_ text: String) async throws { try await pane.type(text + "\r") }
        /// The whole output, wrapped lines joined, once `text` has been printed `times` times.
        @discardableResult
        func printed(_ text: String, times: Int = 1) async throws -> String {
          let deadline = ContinuousClock.now + .seconds(20)
          while true {
            let transcript = try await pane.transcript()
            if transcript.components(separatedBy: text).count > times { return transcript }
            guard ContinuousClock.now < deadline else {
              throw TemporaryFleet.Failure("\(text) not printed \(times) times:\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(50))
          }
        }
        /// The number of the choice `label` in the last prompt printed.
        func choice(_ label: String, in transcript: String) throws -> String {
          let line = try #require(transcript.split(separator: "\n").last { $0.contains(label) })
          return String(line.trimmingCharacters(in: .whitespaces).prefix { $0 != "." })
        }
        let overview = "== Subscription Overview =="
        var shown = 1
        var transcript = try await printed(overview)
        // Activate Code and Back until the Overview offers the new units.
        while !(transcript.components(separatedBy: overview).last ?? "").contains("Add the 2") {
          try await answer("1")
          try await printed("Type code 1", times: shown)
          try await answer("2")
          shown += 1
          transcript = try await printed(overview, times: shown)
        }
        try await answer("1")
        try await printed("Type code 1", times: shown)
        try await answer("")
        transcript = try await printed("1. Assign: Advanced")
        try await answer("1")
        transcript = try await printed("Show only the devices on this gateway (upsd)")
        let rows = transcript.split(separator: "\n").filter { $0.contains(". [ ] ") }
        #expect(rows.count == 2, "\(transcript)")
        #expect(rows.contains { $0.contains("Control room UPS") && $0.contains("(on this gateway)") })
        #expect(rows.contains { $0.contains("Rack A1 UPS") && !$0.contains("(on this gateway)") })
        try await answer(try choice("Show only the devices on this gateway (upsd)", in: transcript))
        transcript = try await printed("Show all devices")
        let filtered = transcript.components(separatedBy: "== Assign to device").last ?? ""
        #expect(filtered.contains("Control room UPS") && !filtered.contains("Rack A1 UPS"), "\(filtered)")
        try await answer(try choice("Cancel", in: transcript))
        transcript = try await printed(overview, times: shown + 1)
        try await answer(try choice("Add the 2 UPS units on this gateway that the fleet lacks", in: transcript))
        transcript = try await printed("Add 2 UPS units that this gateway's upsd serves to the fleet?")
        #expect(transcript.contains("Line 3 PLC UPS (AS2310100001), Smart-UPS SRT 1500, Lyon Plant"))
        #expect(try store.count("SELECT count(*) FROM device") == 2)
        // Like Confirm, it takes only an answer typed after its question.
        try await Task.sleep(for: .milliseconds(800))
        try await answer(try choice("Add them", in: transcript))
        try await printed("Added 2 devices from this gateway.")
        #expect(try store.count("SELECT count(*) FROM device WHERE site = 'Lyon Plant'") == 3)
        try await answer("quit")
        _ = try await pane.waitForExit()
      } catch {
        await pane.close()
        throw error
      }
      await pane.close()
    }
  }

  /// A `--nut` or `SMARTCONNECT_NUT` that names no upsd, or both `--nut` and `--no-nut`, is
  /// a usage error (64) saying which, before anything starts; `off` is no upsd, not an error.
  @Test func aBadUpsdForTheWizardIsAUsageError() async throws {
    let cases: [([String], [String: String?], String)] = [
      (["--nut", "host:notaport"], [:], "--nut: "),
      (["--nut", "localhost", "--no-nut"], [:], "--no-nut asks none"),
      ([], ["SMARTCONNECT_NUT": "host:notaport"], "SMARTCONNECT_NUT: "),
    ]
    for (arguments, environment, phrase) in cases {
      let output = try await Binary.run(
        arguments, environment: environment.merging(["LANG": "C.UTF-8", "LC_ALL": nil]) { a, _ in a })
      #expect(output.status == 64, "\(arguments) \(environment): \(output)")
      #expect(output.stderr.contains(phrase), "\(arguments) \(environment): \(output)")
    }
    // `off` and `--no-nut` are no upsd: the wizard goes on (to say it needs a terminal).
    for (arguments, environment) in [([], ["SMARTCONNECT_NUT": "off"]), (["--no-nut"], [:])] {
      let output = try await Binary.run(arguments, environment: environment)
      #expect(output.status == 1, "\(output)")
      #expect(output.stderr.contains("needs a terminal"), "\(output)")
    }
  }

  /// No upsd listening, or one that never answers: the wizard starts and works as without
  /// one, with no mark, no offer and no error.
  @Test(arguments: [false, true])
  func anAbsentOrSilentUpsdChangesNothing(silent: Bool) async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    let check = { (port: Int) async throws in
      try await withWizard(store, nut: "127.0.0.1:\(port)") { pane in
        let overview = try await pane.waitForScreen(containing: "Subscription Overview", "1–2 of 2")
        try await pane.type("a")
        try await pane.waitForScreen(containing: "Activate Code")
        try await pane.enter()
        try await pane.waitForScreen(containing: "Your activated plans")
        try await pane.enter()
        // Past the bound: still no mark, no filter key, no error.
        try await Task.sleep(for: .seconds(3))
        let assign = try await pane.waitForScreen(containing: "Assign to device", "1–2 of 2")
        #expect(!assign.contains("gateway"), "\(assign)\n\(overview)")
        #expect(!assign.contains("│*"), "\(assign)")
        // Esc back to the Overview, each screen seen before the next key.
        for screen in ["Your activated plans", "Activate Code", "Subscription Overview"] {
          try await pane.escape()
          try await pane.waitForScreen(containing: screen)
        }
        let back = try await pane.screen()
        #expect(!back.contains("gateway"), "\(back)")
      }
    }
    if silent {
      try await FakeNUTServer.with({ _ in .silence }) { server in try await check(server.port) }
    } else {
      try await check(try NUTServer.freePort())
    }
  }
}
