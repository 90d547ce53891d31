import Foundation
import Testing

/// The wizard walked through by keyboard in a real pty at 80×24, reading each screen as a
/// person would (DESIGN §1, §3, §6): Overview to Success, Esc back through every screen, a
/// resize, the plain prompts, and SIGHUP on the Confirm screen.
@Suite(.serialized) struct TerminalWalkthroughTests {
  static let now = "2027-01-15T09:00:00Z"

  /// A store file seeded through the CLI: two devices on basic and one issued code.
  struct SeededStore {
    var folder: URL
    var path: String { folder.appendingPathComponent("store.sqlite").path }
    var code = ""

    init() async throws {
      folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("smartconnect-walk-\(UUID().uuidString.prefix(8))")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for (serial, name) in [("WK-0001", "Alpha UPS"), ("WK-0002", "Bravo UPS")] {
        let added = try await Binary.run(
          ["device", "add", "--store", path, serial, "--name", name, "--site", "Walk Lab"])
        #expect(added.status == 0, "\(added)")
      }
      let issued = try await Binary.run([
        "code", "issue", "--store", path, "--now", TerminalWalkthroughTests.now, "--tier",
        "advanced", "--term-months", "12", "--seats", "2",
      ])
      #expect(issued.status == 0, "\(issued)")
      code = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `overview --json` of this store, parsed.
    func overview() async throws -> [String: Any] {
      let output = try await Binary.run(
        ["overview", "--json", "--store", path, "--now", TerminalWalkthroughTests.now])
      #expect(output.status == 0, "\(output)")
      let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
      return object as? [String: Any] ?? [:]
    }

    /// Each device's licenses from `overview --json`, by serial.
    func licenses() async throws -> [String: [[String: Any]]] {
      let devices = try await overview()["devices"] as? [[String: Any]] ?? []
      var result: [String: [[String: Any]]] = [:]
      for device in devices {
        guard let serial = device["serial"] as? String else { continue }
        result[serial] = device["licenses"] as? [[String: Any]] ?? []
      }
      return result
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
  }

  /// From the Overview to the Confirm screen with `code` onto the first two devices.
  func walkToConfirm(_ pane: TmuxPane, code: String) async throws {
    try await pane.waitForScreen(containing: "Subscription Overview", "a Activate Code")
    try await pane.type("a")
    try await pane.waitForScreen(containing: "Activate Code · step 1 of 5", "Code 1")
    try await pane.type(code)
    try await pane.waitForScreen(containing: "Well-formed")
    try await pane.enter()
    try await pane.waitForScreen(containing: "Your activated plans · step 2 of 5", "> Advanced")
    try await pane.enter()
    try await pane.waitForScreen(containing: "Assign to device · step 3 of 5", "[ ]")
    try await pane.send([32])
    try await pane.waitForScreen(containing: "Selected: 1 of")
    try await pane.press(.down)
    try await pane.send([32])
    try await pane.waitForScreen(containing: "Selected: 2 of")
    try await pane.enter()
    try await pane.waitForScreen(
      containing: "Confirm assigned plan · step 4 of 5",
      "Once you have assigned a plan to a device, you cannot change it.")
    // Confirm acts only on a key pressed once it could be read (CursesFrontEnd.settleTime).
    try await Task.sleep(for: .milliseconds(700))
  }

  // MARK: - Full screen

  @Test func demoWalkthroughFromOverviewToSuccess() async throws {
    try await TmuxPane.with(["--demo", "--now", Self.now]) { pane in
      try await pane.waitForScreen(containing: "Subscription Overview")
      try await pane.type("a")
      let activate = try await pane.waitForScreen(containing: "Demo codes:")
      // A presenter types the codes the screen shows; the second is Advanced, 3 seats.
      let codes = activate.matches(of: /[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/)
        .map { String($0.output) }.filter { $0 != "XXXXX-XXXXX-XXXXX-XXXXX" }
      #expect(codes.count == 3, "\(activate)")
      try await pane.escape()
      try await walkToConfirm(pane, code: try #require(codes.dropFirst().first))
      // The first two devices are on Basic: new Advanced licenses from now for 36 months.
      try await pane.waitForScreen("the Confirm table") { screen in
        let rows = screen.split(separator: "\n").filter { $0.contains("2027-01-15  2030-01-15") }
        return rows.count == 2 && rows.allSatisfy { $0.contains("New") }
      }
      try await pane.enter()
      // One seat is left, so Success offers Continue. (Every phrase is waited for: a screen
      // captured mid-frame has its lower rows still to come.)
      try await pane.waitForScreen(
        containing: "Success · step 5 of 5", "The plan is assigned to 2 devices.", "< Continue >")
      try await pane.escape()
      try await pane.waitForScreen(containing: "Subscription Overview", "1 of 3")
      try await pane.type("q")
      #expect(try await pane.waitForExit() == 0)
    }
  }

  @Test func walkthroughWritesLicensesThatOverviewJSONShows() async throws {
    let store = try await SeededStore()
    defer { store.remove() }
    #expect(try await store.licenses().values.allSatisfy(\.isEmpty))
    try await TmuxPane.with(["--store", store.path, "--now", Self.now]) { pane in
      try await walkToConfirm(pane, code: store.code)
      try await pane.enter()
      try await pane.waitForScreen(containing: "Success · step 5 of 5", "WK-0001", "WK-0002")
      try await pane.enter()  // < Overview >: no seats left
      try await pane.waitForScreen(containing: "Subscription Overview")
      try await pane.type("q")
      #expect(try await pane.waitForExit() == 0)
    }
    let licenses = try await store.licenses()
    for serial in ["WK-0001", "WK-0002"] {
      let held = licenses[serial] ?? []
      #expect(held.count == 1, "\(serial): \(held)")
      #expect(held.first?["tier"] as? String == "advanced")
      #expect(held.first?["kind"] as? String == "new")
      #expect(held.first?["starts_at"] as? String == Self.now)
      #expect(held.first?["ends_at"] as? String == "2028-01-15T09:00:00Z")
    }
  }

  @Test func escapeGoesBackThroughEveryScreenKeepingTheChoices() async throws {
    let store = try await SeededStore()
    defer { store.remove() }
    try await TmuxPane.with(["--store", store.path, "--now", Self.now]) { pane in
      try await walkToConfirm(pane, code: store.code)
      try await pane.escape()
      try await pane.waitForScreen("Assign to device with both devices still selected") {
        $0.contains("Assign to device · step 3 of 5")
          && $0.components(separatedBy: "[x]").count - 1 == 2
      }
      try await pane.escape()
      try await pane.waitForScreen(containing: "Your activated plans · step 2 of 5")
      try await pane.escape()
      try await pane.waitForScreen(containing: "Activate Code · step 1 of 5", store.code)
      try await pane.escape()
      try await pane.waitForScreen(containing: "Subscription Overview", "a Activate Code")
      // On the Overview Esc does nothing.
      try await pane.escape()
      try await pane.type("q")
      #expect(try await pane.waitForExit() == 0)
    }
    #expect(try await store.licenses().values.allSatisfy(\.isEmpty), "nothing was confirmed")
  }

  @Test func resizeBelowTheMinimumAndBackKeepsTheScreen() async throws {
    try await TmuxPane.with(["--demo", "--now", Self.now]) { pane in
      try await pane.waitForScreen(containing: "Subscription Overview")
      for key in [TerminfoKey.down, .down, .down] { try await pane.press(key) }
      let before = try await pane.waitForScreen("with the pointer on the fourth device") {
        $0.split(separator: "\n").contains { $0.hasPrefix(" > Core switch UPS") }
      }
      try await pane.resize(width: 60, height: 20)
      try await pane.waitForScreen(containing: "Terminal too small: need 80×24, have 60×20")
      // A burst of sizes ends at the first one: one frame, the same screen as before.
      for (width, height) in [(70, 22), (100, 30), (61, 21), (80, 24)] {
        try await pane.resize(width: width, height: height)
      }
      let after = try await pane.waitForScreen("as before the resize") { $0 == before }
      #expect(after == before)
      try await pane.type("q")
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// The SSH link drops on the Confirm screen: nothing is written, the modes are restored.
  @Test func sighupOnConfirmWritesNothingAndRestoresTheModes() async throws {
    let store = try await SeededStore()
    defer { store.remove() }
    try await TmuxPane.with(["--store", store.path, "--now", Self.now]) { pane in
      try await walkToConfirm(pane, code: store.code)
      try await pane.signal(SIGHUP)
      #expect(try await pane.waitForExit() == 128 + SIGHUP)
      let modes = try pane.terminalModes()
      #expect(modes.before == modes.after)
    }
    #expect(try await store.licenses().values.allSatisfy(\.isEmpty))
  }

  // MARK: - Plain

  @Test func plainPromptsReachSuccess() async throws {
    let store = try await SeededStore()
    defer { store.remove() }
    try await TmuxPane.with(["--plain", "--store", store.path, "--now", Self.now]) { pane in
      func answer(_ text: String) async throws {
        try await pane.type(text)
        try await pane.enter()
      }
      try await pane.waitForScreen(containing: "1. Activate Code", "Enter a number")
      try await answer("1")
      try await pane.waitForScreen(containing: "Type code 1")
      try await answer(store.code)
      try await pane.waitForScreen(containing: "Type code 2")
      try await answer("")
      try await pane.waitForScreen(containing: "1. Assign: Advanced, 12 months, 2 of 2 seats")
      try await answer("1")
      try await pane.waitForScreen(containing: "[ ] Alpha UPS", "[ ] Bravo UPS")
      try await answer("1 2")
      let assign = try await pane.waitForScreen(
        containing: "[x] Alpha UPS", "[x] Bravo UPS", "Next: check the dates", "Enter a number")
      let next = try #require(
        assign.split(separator: "\n").last { $0.contains("Next: check the dates") })
      try await answer(String(next.trimmingCharacters(in: .whitespaces).prefix { $0 != "." }))
      try await pane.waitForScreen(containing: "Enter 'YES' to confirm")
      try await answer("YES")
      try await pane.waitForScreen(containing: "Success (step 5 of 5)", "Alpha UPS (WK-0001): New")
      try await answer("1")  // back to the Overview (no seats left)
      try await pane.waitForScreen(containing: "Alpha UPS (WK-0001), Walk Lab: Advanced until")
      try await answer("2")  // Quit
      #expect(try await pane.waitForExit() == 0)
    }
    let licenses = try await store.licenses()
    #expect(licenses["WK-0001"]?.count == 1 && licenses["WK-0002"]?.count == 1, "\(licenses)")
  }

  /// A terminal that cannot address the cursor, or one this machine has no terminfo entry
  /// for (a serial console with a wrong TERM), gets the prompts and is told why.
  @Test(arguments: [
    ("dumb", "TERM=dumb cannot move the cursor."),
    ("no-such-terminal", "TERM=no-such-terminal has no terminfo entry on this machine."),
  ])
  func terminalWithoutCursorAddressingGetsThePlainPrompts(term: String, reason: String)
    async throws
  {
    try await TmuxPane.with(["--demo", "--now", Self.now], term: term) { pane in
      try await pane.waitForScreen(containing: "1. Activate Code", "Enter a number")
      let transcript = try await pane.transcript()
      #expect(transcript.contains("Line-by-line mode: " + reason), "\(transcript)")
      try await pane.type("2")
      try await pane.enter()
      #expect(try await pane.waitForExit() == 0)
    }
  }
}
