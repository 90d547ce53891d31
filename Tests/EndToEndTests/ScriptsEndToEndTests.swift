import CNCurses
import Foundation
import GRDB
import Testing

/// Device names in every script (issue 15 §3), read off a real terminal: the demo fleet's
/// Japanese, emoji and combining-accent names line up in the Overview, Assign and Confirm;
/// the text `overview` aligns them; a UTF-8 locale that is not generated still draws UTF-8;
/// LANG=C spells them in ASCII; invalid UTF-8 in the store shows U+FFFD.
@Suite(.serialized) struct ScriptsEndToEndTests {
  static let now = "2027-01-15T09:00:00Z"
  static let names = ["大阪ラボ UPS", "Test rig 🔋 UPS", "Gue\u{301}rite UPS"]

  /// The column (in terminal cells, as wcwidth counts them: what tmux and a person see)
  /// where `needle` starts on `line`.
  static func column(of needle: String, in line: Substring) -> Int? {
    guard let range = line.range(of: needle) else { return nil }
    return cells(line[..<range.lowerBound])
  }

  static func cells(_ text: Substring) -> Int {
    let saved = String(cString: setlocale(LC_CTYPE, nil))
    setlocale(LC_CTYPE, "C.UTF-8")
    defer { setlocale(LC_CTYPE, saved) }
    return text.unicodeScalars.reduce(0) { $0 + max(0, Int(cn_width($1.value))) }
  }

  /// Every line holding one of `rows` has `needle(row)` at the same cell column as `anchor`
  /// has on the header line.
  static func aligned(
    _ screen: String, header: String, anchor: String, rows: [String: String]
  ) -> [String] {
    let lines = screen.split(separator: "\n")
    guard let headerLine = lines.first(where: { $0.contains(header) }),
      let expected = column(of: anchor, in: headerLine)
    else { return ["no header line with \(header)"] }
    var problems: [String] = []
    for (name, value) in rows {
      guard let line = lines.first(where: { $0.contains(name) }) else {
        problems.append("no line with \(name)")
        continue
      }
      let found = column(of: value, in: line)
      if found != expected {
        problems.append("\(name): \(value) at \(found ?? -1), not \(expected)")
      }
    }
    return problems
  }

  @Test func namesInEveryScriptLineUpFromOverviewToSuccess() async throws {
    try await TmuxPane.with(["--demo", "--now", Self.now]) { pane in
      var screen = try await pane.waitForScreen(containing: "Subscription Overview", "大阪ラボ UPS")
      for name in Self.names { #expect(screen.contains(name), "\(name) in\n\(screen)") }
      #expect(!screen.contains("\\u{"), "\(screen)")
      let serials = [
        "大阪ラボ UPS": "AS2301445566", "Test rig 🔋 UPS": "AS2112998877",
        "Gue\u{301}rite UPS": "3B1942001234", "Rack A1 UPS": "AS1935123401",
      ]
      var problems = Self.aligned(screen, header: "Covered until", anchor: "Serial", rows: serials)
      #expect(problems.isEmpty, "\(problems)\n\(screen)")
      problems = Self.aligned(
        screen, header: "Covered until", anchor: "Tier",
        rows: ["大阪ラボ UPS": "Basic", "Test rig 🔋 UPS": "Advanced", "Rack A1 UPS": "Advanced"])
      #expect(problems.isEmpty, "\(problems)\n\(screen)")

      // Activate the demo's Advanced code and assign it to the Japanese-named device.
      try await pane.type("a")
      screen = try await pane.waitForScreen(containing: "Demo codes:")
      let codes = screen.matches(of: /[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/)
        .map { String($0.output) }.filter { $0 != "XXXXX-XXXXX-XXXXX-XXXXX" }
      try await pane.type(try #require(codes.dropFirst().first))
      try await pane.waitForScreen(containing: "Well-formed")
      try await pane.enter()
      try await pane.waitForScreen(containing: "Your activated plans · step 2 of 5")
      try await pane.enter()
      try await pane.waitForScreen(containing: "Assign to device · step 3 of 5", "[ ]")
      try await pane.press(.end)
      try await pane.waitForScreen("the pointer on 大阪ラボ UPS") {
        $0.split(separator: "\n").contains { $0.contains("> [ ]") && $0.contains("大阪ラボ UPS") }
      }
      try await pane.send([32])
      screen = try await pane.waitForScreen("大阪ラボ UPS selected") {
        $0.contains("Selected: 1 of")
          && $0.split(separator: "\n").contains { $0.contains("> [x]") && $0.contains("大阪ラボ UPS") }
      }
      problems = Self.aligned(
        screen, header: "Starts", anchor: "Serial",
        rows: serials.filter { $0.key != "Rack A1 UPS" })
      #expect(problems.isEmpty, "\(problems)\n\(screen)")
      // The box's right border stays in the last column on every row.
      for line in screen.split(separator: "\n") where line.hasPrefix("│") {
        #expect(Self.cells(line) == 80, "\(line)")
      }
      try await pane.enter()
      screen = try await pane.waitForScreen(
        containing: "Confirm assigned plan · step 4 of 5", "大阪ラボ UPS")
      problems = Self.aligned(
        screen, header: "Start", anchor: "Plan", rows: ["大阪ラボ UPS": "Advanced · 36 mo"])
      #expect(problems.isEmpty, "\(problems)\n\(screen)")
      for line in screen.split(separator: "\n") where line.hasPrefix("│") {
        #expect(Self.cells(line) == 80, "\(line)")
      }
      // Confirm acts only on a key pressed once it could be read (CursesFrontEnd.settleTime).
      try await Task.sleep(for: .milliseconds(700))
      try await pane.enter()
      screen = try await pane.waitForScreen(
        containing: "Success · step 5 of 5", "The plan is assigned to", "大阪ラボ UPS")
      problems = Self.aligned(
        screen, header: "Serial", anchor: "Serial", rows: ["大阪ラボ UPS": "AS2301445566"])
      #expect(problems.isEmpty, "\(problems)\n\(screen)")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// en_US.UTF-8 is not generated on a minimal image (only C.UTF-8 is): the name says
  /// UTF-8, so the wizard still draws lines and names in UTF-8.
  @Test func aUTF8LocaleThatIsNotGeneratedStillDrawsUTF8() async throws {
    try await TmuxPane.with(
      ["--demo", "--now", Self.now], environment: ["LANG": "en_US.UTF-8", "LC_ALL": ""]
    ) { pane in
      try await pane.waitForScreen(containing: "Subscription Overview", "大阪ラボ UPS", "↑↓")
      try await pane.type("a")
      try await pane.waitForScreen(containing: "┌─ Activate Code ─", "│ Code 1")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// LANG=C: not one byte above 0x7F, the names in Latin letters, the columns in place.
  @Test func langCSpellsNamesInASCIIAndKeepsTheColumns() async throws {
    try await TmuxPane.with(
      ["--demo", "--now", Self.now], environment: ["LANG": "C"], recordOutput: true
    ) { pane in
      let screen = try await pane.waitForScreen(containing: "Subscription Overview", "dabarabo UPS")
      #expect(screen.contains("Test rig ?? UPS"), "\(screen)")
      #expect(screen.contains("Guerite UPS"), "\(screen)")
      let problems = Self.aligned(
        screen, header: "Covered until", anchor: "Serial",
        rows: ["dabarabo UPS": "AS2301445566", "Test rig ?? UPS": "AS2112998877"])
      #expect(problems.isEmpty, "\(problems)\n\(screen)")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      let bytes = try pane.output()
      #expect(bytes.allSatisfy { $0 <= 0x7F })
    }
  }

  @Test func textOverviewAlignsColumnsByDisplayWidth() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-scripts-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store.sqlite").path
    let devices = [
      ("JP-1", "大阪ラボ UPS", "大阪"), ("EM-1", "Test rig 🔋 UPS", "Osaka Lab"),
      ("FR-1", "Gue\u{301}rite UPS", "Lyon"), ("RU-1", "Москва ИБП", "Москва"),
    ]
    for (serial, name, site) in devices {
      let added = try await Binary.run(
        ["device", "add", "--store", store, serial, "--name", name, "--site", site])
      #expect(added.status == 0, "\(added)")
    }
    let utf8 = try await Binary.run(
      ["overview", "--store", store, "--now", Self.now], environment: ["LANG": "C.UTF-8"])
    #expect(utf8.status == 0, "\(utf8)")
    let rows = Dictionary(uniqueKeysWithValues: devices.map { ($0.1, $0.0) })
    var problems = Self.aligned(utf8.stdout, header: "SERIAL", anchor: "SERIAL", rows: rows)
    #expect(problems.isEmpty, "\(problems)\n\(utf8.stdout)")
    problems = Self.aligned(
      utf8.stdout, header: "SERIAL", anchor: "TIER",
      rows: Dictionary(uniqueKeysWithValues: devices.map { ($0.1, "Basic") }))
    #expect(problems.isEmpty, "\(problems)\n\(utf8.stdout)")

    let ascii = try await Binary.run(
      ["overview", "--store", store, "--now", Self.now],
      environment: ["LANG": "C", "LC_ALL": nil, "LC_CTYPE": nil])
    #expect(ascii.status == 0, "\(ascii)")
    #expect(ascii.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(ascii.stdout)")
    #expect(ascii.stdout.contains("Moskva IBP"), "\(ascii.stdout)")
    problems = Self.aligned(
      ascii.stdout, header: "SERIAL", anchor: "SERIAL",
      rows: ["Moskva IBP": "RU-1", "Guerite UPS": "FR-1", "da banrabo UPS": "JP-1"])
    #expect(problems.isEmpty, "\(problems)\n\(ascii.stdout)")
  }

  /// Bytes that are not UTF-8 in a stored name show as U+FFFD, never raw.
  @Test func invalidUTF8InTheStoreShowsAReplacementCharacter() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-scripts-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("store.sqlite").path
    let added = try await Binary.run(["device", "add", "--store", store, "BAD-1", "--name", "x"])
    #expect(added.status == 0, "\(added)")
    // "Lab " then a lone continuation byte, an overlong "/", and a truncated 3-byte sequence.
    let queue = try DatabaseQueue(path: store)
    try await queue.write { db in
      try db.execute(
        sql: "UPDATE device SET name = CAST(x'4C61622080C0AFE382' AS TEXT) WHERE serial = 'BAD-1'")
    }
    try queue.close()
    let output = try await Binary.run(
      ["overview", "--store", store, "--now", Self.now], environment: ["LANG": "C.UTF-8"])
    #expect(output.status == 0, "\(output)")
    let line = try #require(output.stdout.split(separator: "\n").first { $0.contains("BAD-1") })
    #expect(line.hasPrefix("Lab \u{FFFD}"), "\(line)")

    try await TmuxPane.with(["--store", store, "--now", Self.now]) { pane in
      let screen = try await pane.waitForScreen(containing: "Subscription Overview", "BAD-1")
      #expect(screen.contains("Lab \u{FFFD}"), "\(screen)")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }
}

/// The whole flow in another language (issue 15 §2): LANG=fr_FR.UTF-8, a locale this
/// machine does not have generated, gives French words and UTF-8 drawing; --lang beats
/// the locale; LANG=C stays English.
@Suite(.serialized) struct LanguageEndToEndTests {
  @Test func frenchLocaleRunsTheWholeFlowInFrench() async throws {
    try await TmuxPane.with(
      ["--demo", "--now", ScriptsEndToEndTests.now], environment: ["LANG": "fr_FR.UTF-8"]
    ) { pane in
      try await pane.waitForScreen(
        containing: "SmartConnect · Aperçu des abonnements", "a Activer un code", "大阪ラボ UPS")
      try await pane.type("a")
      let screen = try await pane.waitForScreen(
        containing: "┌─ Activer un code ─", "Codes de démo :", "< Suivant >")
      let codes = screen.matches(of: /[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/)
        .map { String($0.output) }.filter { $0 != "XXXXX-XXXXX-XXXXX-XXXXX" }
      try await pane.type(try #require(codes.dropFirst().first))
      try await pane.waitForScreen(containing: "Bien formé")
      try await pane.enter()
      try await pane.waitForScreen(containing: "Vos forfaits activés · étape 2 sur 5")
      try await pane.enter()
      try await pane.waitForScreen(containing: "Attribuer à un appareil · étape 3 sur 5", "[ ]")
      try await pane.send([32])
      try await pane.waitForScreen(containing: "Choisis : 1/3 postes")
      try await pane.enter()
      try await pane.waitForScreen(
        containing: "Confirmer le forfait attribué · étape 4 sur 5", "< Confirmer >",
        "vous ne pouvez plus le modifier")
      try await Task.sleep(for: .milliseconds(700))
      try await pane.enter()
      try await pane.waitForScreen(
        containing: "Terminé · étape 5 sur 5", "Le forfait est attribué à 1 appareil.",
        "2027-01-15")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  @Test func langOptionBeatsTheLocaleAndLangCStaysEnglish() async throws {
    try await TmuxPane.with(
      ["--demo", "--now", ScriptsEndToEndTests.now, "--lang", "ja"],
      environment: ["LANG": "de_DE.UTF-8"]
    ) { pane in
      try await pane.waitForScreen(containing: "サブスクリプション概要", "コードを有効化")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
    try await TmuxPane.with(
      ["--demo", "--now", ScriptsEndToEndTests.now], environment: ["LANG": "C", "LANGUAGE": "fr"]
    ) { pane in
      try await pane.waitForScreen(containing: "Subscription Overview", "a Activate Code")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }
}
