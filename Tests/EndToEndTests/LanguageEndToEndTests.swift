import Foundation
import Testing

/// The command line and the plain mode speak the technician's language through the real
/// binary (issue 15 §2), while what scripts read never changes with it: JSON, exit
/// statuses and ISO dates.
@Suite("Languages at the command line and in the plain mode")
struct CommandLanguageTests {
  static let french = ["LANG": "fr_FR.UTF-8"]
  static let japanese = ["LANG": "ja_JP.UTF-8"]
  /// Every locale the tests compare; English first.
  static let locales: [[String: String]] = [
    [:], french, japanese, ["LANG": "ru_RU.UTF-8"], ["LC_ALL": "de_DE.UTF-8"],
  ]

  /// Two devices, one of them Japanese-named, and an activated 2-seat Standard code.
  func prepared() async throws -> (TemporaryFleet, code: String) {
    let fleet = try TemporaryFleet()
    try await fleet.succeed(["device", "add", "SN1", "--name", "Lyon UPS", "--site", "Lyon"])
    try await fleet.succeed(["device", "add", "SN2", "--name", "大阪ラボ UPS", "--site", "大阪"])
    let code = try await fleet.issue("standard", seats: 2)
    try await fleet.succeed(["activate", code])
    return (fleet, code)
  }

  @Test func aRefusalIsInTheLocalesLanguageWithTheSameStatus() async throws {
    let (fleet, code) = try await prepared()
    let arguments = ["activate", code, "--device", "SN9"]
    let english = try await fleet.run(arguments)
    let french = try await fleet.run(arguments, environment: Self.french)
    let japanese = try await fleet.run(["--lang", "ja"] + arguments)
    #expect(english.status == 1 && french.status == 1 && japanese.status == 1)
    #expect(english.stderr.contains("Error: No device with serial SN9."), "\(english)")
    #expect(
      french.stderr.contains("Erreur : Aucun appareil de n° de série SN9."), "\(french)")
    #expect(japanese.stderr.contains("シリアル SN9 のデバイスはありません。"), "\(japanese)")
    for output in [english, french, japanese] {
      #expect(output.stdout == "", "\(output)")
      #expect(!output.stderr.contains(code), "a refusal showed the code: \(output)")
    }
  }

  @Test func aMalformedCodeAndABadOptionAreRefusedInFrench() async throws {
    let (fleet, _) = try await prepared()
    let typo = try await fleet.run(
      ["activate", "7K3QM-9XR2T-B8VN4-HDWPT"], environment: Self.french)
    #expect(typo.status == 1, "\(typo)")
    #expect(
      typo.stderr.contains("Erreur : Ce code n'est pas valide : un symbole est mal tapé"),
      "\(typo)")
    let usage = try await fleet.run(
      ["code", "issue", "--tier", "standard", "--term-months", "0", "--seats", "1"],
      environment: Self.french)
    #expect(usage.status == 64, "\(usage)")
    #expect(usage.stderr.contains("La durée doit être un nombre entier de mois"), "\(usage)")
    let csv = fleet.folder + "/devices.csv"
    try Data("serial,name\nSN5,\"broken\n".utf8).write(to: URL(fileURLWithPath: csv))
    let refused = try await fleet.run(["device", "import", csv], environment: Self.french)
    #expect(refused.status == 1, "\(refused)")
    #expect(refused.stderr.contains("Ligne 2 : le champ 2 ouvre un guillemet"), "\(refused)")
    #expect(refused.stderr.contains("Rien n'a été importé."), "\(refused)")
  }

  @Test func jsonIsTheSameBytesInEveryLanguage() async throws {
    let (fleet, code) = try await prepared()
    var overviews: [String] = []
    var activations: [String] = []
    for locale in Self.locales {
      overviews.append(try await fleet.succeed(["overview", "--json"], environment: locale))
      activations.append(
        try await fleet.succeed(
          ["activate", code, "--device", "SN1", "--dry-run", "--json"], environment: locale))
    }
    #expect(Set(overviews).count == 1, "\(overviews)")
    #expect(Set(activations).count == 1, "\(activations)")
    #expect(activations[0].contains("\"starts_at\":\"2027-01-15T09:00:00Z\""), "\(activations[0])")
  }

  /// A store URL that cannot be used is refused in the technician's language, naming the
  /// URL without its password and what to write instead.
  @Test func aBadStoreURLIsRefusedInTheTechniciansLanguage() async throws {
    let fleet = try TemporaryFleet(store: "postgres://tech:s3cret@db/fleet?sslmode=on")
    let german = try await fleet.run(["overview"], environment: ["LANG": "de_DE.UTF-8"])
    #expect(german.status == 1, "\(german)")
    #expect(
      german.stderr.contains(
        "sslmode=on ist unbekannt; disable, prefer, require, verify-ca oder verify-full verwenden"),
      "\(german)")
    #expect(german.stderr.contains("postgres://tech@db:5432/fleet"), "\(german)")
    #expect(!german.stderr.contains("s3cret"), "\(german)")
  }

  @Test func theTextOverviewIsTranslatedAndItsDatesStayISO() async throws {
    let (fleet, code) = try await prepared()
    try await fleet.succeed(["activate", code, "--device", "SN2"])
    let english = try await fleet.succeed(["overview"])
    let japanese = try await fleet.succeed(["overview"], environment: Self.japanese)
    let french = try await fleet.succeed(["overview", "--lang", "fr"])
    #expect(english.contains("Subscription Overview at 2027-01-15T09:00:00Z"), "\(english)")
    #expect(english.contains("COVERED UNTIL"), "\(english)")
    #expect(japanese.contains("サブスクリプション概要（2027-01-15T09:00:00Z 時点）"), "\(japanese)")
    #expect(french.contains("Aperçu des abonnements au 2027-01-15T09:00:00Z"), "\(french)")
    #expect(french.contains("1 poste libre"), "\(french)")
    // The same date, in the same form, in every language.
    for text in [english, japanese, french] {
      #expect(text.contains("2028-01-15"), "\(text)")
    }
    // Columns line up by display width: the serial starts in the same terminal column on
    // every device row, whatever the language of the header.
    for text in [english, japanese, french] {
      let rows = text.split(separator: "\n").filter { $0.contains("SN1") || $0.contains("SN2") }
      let columns = rows.map { row in
        DisplayColumns.of(String(row[..<row.range(of: "SN")!.lowerBound]))
      }
      #expect(Set(columns).count == 1, "\(text)")
    }
  }

  @Test func aResultIsInTheLanguageWithISODates() async throws {
    let (fleet, code) = try await prepared()
    let english = try await fleet.succeed(["activate", code, "--device", "SN1", "--dry-run"])
    let german = try await fleet.succeed(
      ["activate", code, "--device", "SN1", "--dry-run"], environment: ["LC_ALL": "de_DE.UTF-8"])
    #expect(english.contains("Dry run, nothing written."), "\(english)")
    #expect(english.contains("2027-01-15T09:00:00Z to 2028-01-15T09:00:00Z"), "\(english)")
    #expect(german.contains("Probelauf, nichts geschrieben."), "\(german)")
    #expect(german.contains("2027-01-15T09:00:00Z bis 2028-01-15T09:00:00Z"), "\(german)")
    let imported = fleet.folder + "/one.csv"
    try Data("serial,name\nSN7,Seven\n".utf8).write(to: URL(fileURLWithPath: imported))
    let russian = try await fleet.succeed(
      ["device", "import", imported], environment: ["LANG": "ru_RU.UTF-8"])
    #expect(russian == "Импортировано 1 устройство.\n")
  }

  @Test func helpIsInTheLanguageChosenBeforeParsing() async throws {
    let english = try await Binary.run(["--help"], environment: ["LANG": "C.UTF-8", "LC_ALL": nil, "LANGUAGE": nil])
    let french = try await Binary.run(["--lang", "fr", "--help"], environment: ["LANG": "C.UTF-8", "LC_ALL": nil, "LANGUAGE": nil])
    let german = try await Binary.run(
      ["activate", "--help"], environment: ["LANG": "de_DE.UTF-8", "LC_ALL": nil, "LANGUAGE": nil])
    #expect(english.status == 0 && french.status == 0 && german.status == 0)
    #expect(english.stdout.contains("Activate SmartConnect subscriptions for UPS devices."))
    #expect(
      french.stdout.contains("Activer des abonnements SmartConnect pour des onduleurs."),
      "\(french)")
    #expect(french.stdout.contains("Afficher les appareils"), "\(french)")
    #expect(german.stdout.contains("Einen Code aktivieren und Geräten zuweisen."), "\(german)")
    #expect(german.stdout.contains("Das Ergebnis als JSON ausgeben."), "\(german)")
    // The option names are the same in every language.
    #expect(german.stdout.contains("--dry-run") && german.stdout.contains("--json"))
  }

  @Test func withoutATerminalTheWizardSaysSoInTheLanguage() async throws {
    let environment: [String: String?] = ["LANG": "ja_JP.UTF-8", "LC_ALL": nil, "LANGUAGE": nil]
    let output = try await Binary.run(["--demo"], environment: environment)
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.contains("ウィザードには端末が必要です"), "\(output)")
    #expect(output.stderr.contains("smartconnect overview [--json]"), "\(output)")
  }

  /// The whole flow in the plain mode, in French, in a real pty: the questions, the lines
  /// and the errors are French; the dates ISO; YES and the numbers as typed anywhere.
  @Test func thePlainModeRunsTheFlowInFrench() async throws {
    try await TmuxPane.with(
      ["--demo", "--plain", "--now", "2027-01-15T09:00:00Z"],
      environment: ["LANG": "fr_FR.UTF-8"]
    ) { pane in
      func answer(_ text: String) async throws {
        try await pane.type(text)
        try await pane.enter()
      }
      try await pane.waitForScreen(
        containing: "Et maintenant ?", "1. Activer un code", "Tapez un nombre (1-")
      let opening = try await pane.transcript()
      #expect(opening.contains("== Aperçu des abonnements =="), "\(opening)")
      #expect(opening.contains("Répondez à chaque question"), "\(opening)")
      try await answer("9")
      try await pane.waitForScreen(containing: "Tapez un nombre de 1 à")
      try await answer("1")
      let activate = try await pane.waitForScreen(
        containing: "(étape 1 sur 5)", "Codes de démo :", "Tapez le code 1")
      let demoLine = try #require(
        activate.split(separator: "\n").first { $0.contains("Codes de démo :") })
      // The second demo code, as the full-screen French walk uses.
      let demoCode = try #require(
        demoLine.matches(of: /[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}/)
          .map { String($0.output) }.dropFirst().first)
      try await answer("7K3QM-9XR2T-B8VN4-HDWPT")
      try await pane.waitForScreen(containing: "Ce n'est pas un code :")
      try await answer(demoCode)
      try await pane.waitForScreen(containing: "Tapez le code 2")
      try await answer("")
      let plans = try await pane.waitForScreen(containing: "1. Attribuer : ")
      #expect(plans.contains("poste"), "\(plans)")
      try await answer("1")
      let devices = try await pane.waitForScreen(
        containing: "serait : ", "Suivant : vérifier les dates")
      #expect(try await pane.transcript().contains("Choisissez jusqu'à"))
      // The last device on the screen (the list is longer than the pane).
      let row = try #require(devices.split(separator: "\n").last { $0.contains(". [ ] ") })
      try await answer(String(row.trimmingCharacters(in: .whitespaces).prefix { $0 != "." }))
      let assign = try await pane.waitForScreen(containing: "[x] ", "Suivant : vérifier les dates")
      let next = try #require(
        assign.split(separator: "\n").last { $0.contains("Suivant : vérifier les dates") })
      try await answer(String(next.trimmingCharacters(in: .whitespaces).prefix { $0 != "." }))
      try await pane.waitForScreen(containing: "Tapez 'YES' pour confirmer")
      try await answer("oui")
      try await pane.waitForScreen(containing: "Rien n'a été écrit. Tapez 'YES' (en majuscules)")
      try await answer("YES")
      let success = try await pane.waitForScreen(containing: "== Terminé (étape 5 sur 5) ==")
      #expect(success.contains(" au 20"), "ISO dates in the French line: \(success)")
      #expect(success.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression) != nil)
      try await pane.signal(SIGTERM)
      _ = try await pane.waitForExit()
    }
  }

  @Test func thePlainModeSaysWhyInJapanese() async throws {
    try await TmuxPane.with(
      ["--demo", "--now", "2027-01-15T09:00:00Z"], term: "dumb",
      environment: ["LANG": "ja_JP.UTF-8"]
    ) { pane in
      try await pane.waitForScreen(containing: "1. コードを有効化", "番号を入力")
      let transcript = try await pane.transcript()
      #expect(
        transcript.contains("行単位モード：TERM=dumb はカーソルを移動できません。"), "\(transcript)")
      try await pane.type("2")
      try await pane.enter()
      #expect(try await pane.waitForExit() == 0)
    }
  }
}

/// Terminal columns of text as a wide-character-aware terminal counts them: CJK and
/// fullwidth forms take two, everything else here one.
enum DisplayColumns {
  static func of(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
      let value = scalar.value
      let wide =
        (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
        || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
        || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value)
      return width + (wide ? 2 : 1)
    }
  }
}
