import Foundation
import GRDB
import Testing

/// Secrets and the audit trail through the built binary (DESIGN §2, §5; issue 7): codes
/// masked in every output but `code issue` and the input field, never in the store file in
/// the clear, the trail only ever appended to, and a private file in a private folder
/// whatever the umask.
@Suite struct SecurityTests {
  /// The forms a leaked code could take: canonical, without dashes, the first three groups,
  /// lower case.
  static func leaks(of code: String) -> [String] {
    let plain = code.replacingOccurrences(of: "-", with: "")
    return [code, plain, String(code.prefix(17)), String(plain.prefix(15)), code.lowercased()]
  }

  static func leaked(_ text: String, _ codes: [String]) -> [String] {
    codes.flatMap(leaks).filter { text.contains($0) }
  }

  @Test func codesAreMaskedInEveryOutputTheTrailAndTheFile() async throws {
    let store = try CLIStore()
    defer { store.remove() }
    try await store.addDevices(["SEC-1", "SEC-2", "SEC-3"])
    let three = try await store.issue(seats: 3)[0]
    let one = try await store.issue(seats: 1, tier: "standard")[0]
    let expired = try await store.issue(seats: 1, redeemBy: "2026-01-01")[0]
    let codes = [three, one, expired]

    var outputs: [(String, Binary.Output)] = []
    for (arguments, stdin) in [
      (["activate", three, "--device", "SEC-1", "--dry-run", "--json"], nil),
      (["activate", three, "--device", "SEC-1", "--dry-run"], nil),
      (["activate", "-", "--device", "SEC-1", "--json"], three + "\n"),
      (["activate", three, "--device", "SEC-2"], nil),
      (["activate", three], nil),
      (["activate", three, "--json"], nil),
      (["activate", one, "--device", "SEC-1", "--device", "SEC-2"], nil),
      (["activate", one, "--device", "SEC-9"], nil),
      (["activate", expired, "--device", "SEC-3"], nil),
      (["activate", "-"], one + "\n"),
      (["activate", one, "--device", "SEC-3"], nil),
      (["activate", three, "--device", "SEC-3", "--device", "SEC-1"], nil),
      (["overview"], nil),
      (["overview", "--json"], nil),
    ] as [([String], String?)] {
      let output = try await store.run(arguments, stdin: stdin)
      outputs.append((arguments.joined(separator: " "), output))
    }
    // Refusals were among them, and the plans are shown (masked) somewhere.
    #expect(outputs.contains { $0.1.status == 1 } && outputs.contains { $0.1.status == 0 })
    let all = outputs.map { $0.1.stdout + $0.1.stderr }.joined()
    for code in codes where code != expired {
      #expect(all.contains("*****-*****-*****-" + code.suffix(5)))
    }
    for (command, output) in outputs {
      let found = Self.leaked(output.stdout + output.stderr, codes)
      #expect(found.isEmpty, "\(command) showed \(found): \(output)")
    }

    // The audit trail keeps the masked form only.
    let rows = try store.rows("SELECT * FROM audit")
    #expect(rows.count >= 3 + 3)
    for row in rows { #expect(Self.leaked(row, codes).isEmpty, "\(row)") }

    // The file, its write-ahead log and shared memory hold no code in the clear.
    for suffix in ["", "-wal", "-shm"] {
      guard let bytes = FileManager.default.contents(atPath: store.path + suffix) else { continue }
      let text = String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
      #expect(Self.leaked(text, codes).isEmpty, "the store file\(suffix) holds a code")
    }
  }

  /// Every command, refusals included: the trail and the licenses of before are always an
  /// unchanged prefix of those after. No command rewrites or removes a row.
  @Test func noCommandRewritesTheAuditTrail() async throws {
    let store = try CLIStore()
    defer { store.remove() }
    try await store.addDevices(["AU-1", "AU-2"])
    let code = try await store.issue(seats: 1)[0]
    let csv = store.folder.appendingPathComponent("more.csv")
    try "serial,name\nAU-3,Third\n".write(to: csv, atomically: true, encoding: .utf8)
    func rows() throws -> [String] {
      try store.database().read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id").map { "audit \($0)" }
          + Row.fetchAll(db, sql: "SELECT * FROM license ORDER BY id").map { "license \($0)" }
      }
    }
    var before = try rows()
    var grew = 0
    for arguments in [
      ["device", "add", "AU-4", "--name", "Fourth"],
      ["device", "add", "AU-4", "--name", "Again"],
      ["device", "import", csv.path],
      ["device", "import", csv.path],
      ["code", "issue", "--tier", "standard", "--term-months", "12", "--seats", "2"],
      ["activate", code, "--device", "AU-1", "--dry-run"],
      ["activate", code, "--device", "AU-1"],
      ["activate", code, "--device", "AU-2"],
      ["activate", code],
      ["overview", "--json"],
      ["activate", code, "--device", "AU-1", "--operator", "mallory", "--now", "2020-01-01"],
    ] {
      _ = try await store.run(arguments)
      let after = try rows()
      let auditBefore = before.filter { $0.hasPrefix("audit") }
      let licensesBefore = before.filter { $0.hasPrefix("license") }
      #expect(
        Array(after.filter { $0.hasPrefix("audit") }.prefix(auditBefore.count)) == auditBefore,
        "\(arguments) changed the trail")
      #expect(
        Array(after.filter { $0.hasPrefix("license") }.prefix(licensesBefore.count))
          == licensesBefore, "\(arguments) changed a license")
      if after.count > before.count { grew += 1 }
      before = after
    }
    #expect(grew >= 4, "the writes were recorded")
  }

  /// A store created under `umask 000` in folders that do not exist yet is still a 0600
  /// file in a 0700 folder, and so are SQLite's -wal and -shm beside it.
  @Test func storeIsPrivateWhateverTheUmask() async throws {
    let store = try CLIStore()
    defer { store.remove() }
    let path = store.folder.appendingPathComponent("a/b/fleet.sqlite").path
    let output = try await Binary.run(
      [
        "-c", "umask 000 && exec \"$0\" \"$@\"", try Binary.executableURL().path,
        "device", "add", "UM-1", "--name", "Umask", "--store", path,
      ],
      environment: store.environment, executable: URL(fileURLWithPath: "/bin/bash"))
    #expect(output.status == 0, "\(output)")
    func mode(_ path: String) throws -> Int {
      try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }
    #expect(try mode(path) == 0o600)
    #expect(try mode(store.folder.appendingPathComponent("a/b").path) == 0o700)
    #expect(try mode(store.folder.appendingPathComponent("a").path) == 0o700)
    for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
      #expect(try mode(path + suffix) == 0o600, "\(suffix)")
    }
  }

  /// In the wizard the code is visible in its input field only: the screens after it show
  /// the masked form.
  @Test func wizardShowsTheCodeOnlyInTheInputField() async throws {
    let (store, codes) = try await WizardReliabilityTests.seeded(codes: 1)
    defer { store.remove() }
    let code = codes[0]
    try await WizardReliabilityTests.pane(store).use { pane in
      var screens: [String] = []
      for screen in [WizardReliabilityTests.Screen.plans, .assign, .confirm, .success] {
        if screen == .plans {
          try await WizardReliabilityTests.walk(pane, to: .plans, code: code, devices: 1)
        } else if screen == .assign {
          try await pane.enter()
          try await pane.waitForScreen(containing: "Assign to device · step 3 of 5", "[ ]")
          try await pane.send([32])
          try await pane.waitForScreen(containing: "Selected: 1 of")
        } else {
          // Confirm acts only on a key pressed once it could be read (settleTime).
          if screen == .success { try await Task.sleep(for: .milliseconds(700)) }
          try await pane.enter()
          try await pane.waitForScreen(
            containing: screen == .confirm ? "step 4 of 5" : "Success · step 5 of 5")
        }
        screens.append(try await pane.screen())
      }
      for (index, screen) in screens.enumerated() {
        #expect(Self.leaked(screen, [code]).isEmpty, "\(screen)")
        // Plans, Assign and Success name the plan by its masked code (Confirm by its tier).
        if index != 2 {
          #expect(screen.contains("*****-*****-*****-" + code.suffix(5)), "\(screen)")
        }
      }
      try await pane.send([3])
      _ = try await pane.waitForExit()
    }
  }
}
