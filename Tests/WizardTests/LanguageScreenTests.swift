import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Testing
import Wizard

/// Every language at 80×24 (issue 15 §2): the golden screens of the portal's five steps per
/// language under `screens/<lang>/`, and no screen in any language that runs past the edge
/// or cuts a word with `…` (German and Russian run long; Japanese is double width).
@Suite("Languages")
struct LanguageScreenTests {
  static let translated = Language.allCases.filter { $0 != .english }

  /// The screens a technician walks through, by golden file name.
  static func walk(_ language: Language) async throws -> [(String, ScreenBuffer)] {
    var screens: [(String, ScreenBuffer)] = []
    let overview = try await DemoScenario(language: language)
    screens.append(("00-overview.txt", await overview.screen()))

    let activate = try await DemoScenario(language: language)
    await activate.press(.character("a"))
    await activate.type(GoldenScreenTests.unknownCode)
    await activate.press(.down)
    await activate.type(String(GoldenScreenTests.advancedCode(activate).dropLast()) + "U")
    await activate.press(.enter)
    screens.append(("01b-activate-code-error.txt", await activate.screen()))

    let assign = try await GoldenScreenTests.withTwoSelected(language)
    screens.append(("03-assign-to-device.txt", await assign.screen()))
    await assign.press(.enter)
    screens.append(("04-confirm.txt", await assign.screen()))
    await assign.press(.enter)
    screens.append(("05-success.txt", await assign.screen()))

    let gateway = try await DemoScenario(language: language, gateway: DemoScenario.gateway)
    screens.append(("00c-overview-gateway.txt", await gateway.screen()))
    await gateway.press(.character("g"))
    screens.append(("00d-overview-gateway-add.txt", await gateway.screen()))
    let marked = try await GoldenScreenTests.gatewayAssign(language)
    screens.append(("03d-assign-gateway.txt", await marked.screen()))
    return screens
  }

  /// More states, for the layout check only: typing, filters, the plan list, seats run
  /// out, help over the Overview and a dialog, and the too-small message.
  static func more(_ language: Language) async throws -> [(String, ScreenBuffer)] {
    var screens: [(String, ScreenBuffer)] = []
    let typing = try await DemoScenario(language: language)
    await typing.press(.character("/"))
    await typing.type("lyon")
    screens.append(("overview filter", await typing.screen()))
    await typing.press(.enter, .help)
    screens.append(("help", await typing.screen()))

    let plans = try await DemoScenario(language: language)
    await plans.press(.character("a"))
    await plans.type(plans.fleet.demoCodes[0])
    await plans.press(.down)
    screens.append(("activate code typing", await plans.screen()))
    await plans.type(GoldenScreenTests.advancedCode(plans))
    await plans.press(.enter)
    screens.append(("your activated plans", await plans.screen()))

    let empty = try await DemoScenario(language: language)
    await empty.press(.character("a"), .enter)
    screens.append(("activate code, nothing typed", await empty.screen()))

    let seats = try await GoldenScreenTests.withTwoSelected(language)
    await seats.press(.space)
    await seats.press(.down, .space)
    screens.append(("assign, no seat left", await seats.screen()))
    await seats.press(.character("/"))
    await seats.type("osaka")
    screens.append(("assign filter", await seats.screen()))

    let confirm = try await GoldenScreenTests.withTwoSelected(language)
    await confirm.press(.enter, .help)
    screens.append(("help over confirm", await confirm.screen()))
    await confirm.press(.escape)
    let other = try confirm.otherTechnician()
    let context = TestStore.context(at: DemoScenario.now, operatorName: "other")
    let planID = try #require(confirm.driver.state.assign.plan?.id)
    _ = try await other.assign(
      planID: planID, to: [confirm.serial("Reception UPS"), confirm.serial("Lab bench UPS")],
      expected: nil, context: context)
    await confirm.press(.enter)
    screens.append(("confirm, seats taken", await confirm.screen()))

    let gateway = try await DemoScenario(language: language, gateway: DemoScenario.gateway)
    await gateway.press(.character("g"), .enter)
    screens.append(("gateway units added", await gateway.screen()))
    await gateway.press(.help)
    screens.append(("help with the gateway key", await gateway.screen()))
    let only = try await GoldenScreenTests.gatewayAssign(language)
    await only.press(.character("g"))
    screens.append(("assign, only this gateway", await only.screen()))
    await only.press(.character("/"))
    await only.type("zzz")
    screens.append(("assign, only this gateway, no match", await only.screen()))

    let small = try await DemoScenario(language: language)
    screens.append(("too small", await small.screen(Size(width: 60, height: 20))))
    return screens
  }

  @Test(arguments: translated)
  func goldenScreensOfTheFiveSteps(_ language: Language) async throws {
    for (name, buffer) in try await Self.walk(language) {
      Golden.check(buffer, "\(language.rawValue)/\(name)")
    }
  }

  @Test(arguments: Language.allCases)
  func noScreenOverflowsOrCutsALabel(_ language: Language) async throws {
    for (name, buffer) in try await Self.walk(language) + Self.more(language) {
      let text = buffer.text
      #expect(!buffer.overflowed, "\(language) \(name): text ran past the right edge\n\(text)")
      let cut = text.split(separator: "\n").filter { $0.contains("…") }
      #expect(cut.isEmpty, "\(language) \(name): a word was cut: \(cut)")
    }
  }

  /// The help lists every key in every language, over the Overview and over a dialog (its
  /// notes wrap to more lines in some languages; no key line gives way to them).
  @Test(arguments: Language.allCases)
  func helpListsEveryKey(_ language: Language) async throws {
    let screens = try await Self.more(language).filter { $0.0.hasPrefix("help") }
    #expect(screens.count == 3)
    for (name, buffer) in screens {
      let lines = buffer.text.split(separator: "\n")
      for key in [
        "a ", "↑ ↓", "PgUp PgDn", "Home End", "Space", "/ ", "g ", "Tab Shift-Tab", "Enter",
        "Esc", "F1 ?", "Ctrl-L", "q ", "Ctrl-C",
      ] {
        let entry = "│ " + key.padding(toLength: 15, withPad: " ", startingAt: 0)
        #expect(lines.contains { $0.contains(entry) }, "\(language) \(name): no \(key) line")
      }
    }
  }

  /// Each screen's title and step, in the language, fit on the title bar beside the clock.
  @Test(arguments: Language.allCases)
  func titlesAndStepsAreInTheLanguage(_ language: Language) async throws {
    let screens = try await Self.walk(language)
    let first = try #require(screens.first?.1.text.split(separator: "\n").first)
    #expect(first.contains(Words.title(.overview, language)), "\(first)")
    #expect(first.hasSuffix("2027-01-15 09:00 UTC"), "\(first)")
    let confirm = try #require(screens.first { $0.0 == "04-confirm.txt" }?.1.text)
    #expect(confirm.contains(Words.title(.confirm, language)))
    #expect(confirm.contains(Words.button(.confirm, language)))
    #expect(confirm.contains("2027-01-15"), "dates stay ISO")
  }
}

@Suite("Store messages in every language")
struct StoreMessageWordsTests {
  /// Every store refusal or failure, one of each case: the screens, the plain mode and the
  /// command line say them all through `Words`.
  static let shown: [StoreError] = [
    .unknownCode(masked: "*****-*****-*****-ABCDE"),
    .redeemByPassed(masked: "*****-*****-*****-ABCDE", redeemBy: DemoFleet.referenceNow),
    .notEnoughSeats(
      masked: "*****-*****-*****-ABCDE", requested: 2, seatsLeft: 1, assignedTo: ["S1"],
      assignedCount: 1),
    .notEnoughSeats(
      masked: "*****-*****-*****-ABCDE", requested: 1, seatsLeft: 0, assignedTo: [],
      assignedCount: 0),
    .unknownPlan(id: 7), .unknownDevice(serial: "S1"), .datesChanged(fresh: [:]), .busy,
    .cancelled, .unreachable(store: "db", reason: .passwordRefused(user: "tech", source: nil)),
    .connectionLost(store: "db", written: true), .connectionLost(store: "db", written: false),
    .insufficientPrivilege(store: "db", reason: .notPermitted(user: "tech", serverMessage: "no")),
    .failed(reason: .diskFull(path: "/tmp/x")),
    .commitUnknown(store: "db", waited: 60), .deviceExists(serial: "S1"),
    .deviceNamedTwice(serial: "S1"), .invalidDevice(serial: "S1", problem: .emptyName),
    .notADatabase(path: "/tmp/x"), .newerSchema(path: "/tmp/x"),
    .cannotOpen(path: "/tmp/x", reason: .readOnly),
  ]

  /// Every reason a store gives for failing that has words of its own (the cases that are
  /// only a server's or a library's text, shown as is, are in `reasonsShownAsIs`).
  static let reasons: [StoreReason] = [
    .noAnswer(target: .address(host: "db", port: 5432), seconds: 5),
    .noAnswer(target: .socket(path: "/run/postgresql"), seconds: nil),
    .tlsNotOffered(sslMode: "require"), .passwordMissing(user: "tech"), .loginMethodUnsupported,
    .passwordRefused(user: "tech", source: nil), .passwordRefused(user: "tech", source: .url),
    .passwordRefused(user: "tech", source: .environment),
    .passwordRefused(user: "tech", source: .file(path: "/root/.pgpass")),
    .userNotLetIn(user: "tech", serverMessage: "pg_hba.conf rejects"),
    .noSuchDatabase(database: "fleet"), .noConnectionLeft, .serverNotReady,
    .connectionRefused(serverMessage: "no"),
    .nothingListens(target: .address(host: "db", port: 5432)),
    .noServerSocket(target: .socket(path: "/run/postgresql")),
    .cannotBeReached(target: .address(host: "db", port: 5432)),
    .connectionFailed(target: .address(host: "db", port: 5432), detail: nil),
    .connectionFailed(target: .address(host: "db", port: 5432), detail: "EIO"),
    .hostNotResolved(host: "db"),
    .certificateNotVerified(rootCertificate: nil, sslMode: "verify-full", detail: "x"),
    .certificateNotVerified(rootCertificate: "/r.crt", sslMode: "verify-full", detail: "x"),
    .certificateWrongHost(host: "db", sslMode: "verify-full"),
    .tlsHandshakeFailed(sslMode: "require", detail: "x"), .sessionNotNamed,
    .serverSilent(seconds: 10), .statementTimedOut(seconds: 30),
    .connectionDropped(detail: "EOF"), .notPermitted(user: "tech", serverMessage: "no"),
    .lostSessionLingers(pid: 42), .writeNotLookedUp, .otherProgramsDatabase,
    .storeFileReplaced(path: "/tmp/x"), .sqliteCannotOpen, .readOnly, .diskFull(path: "/tmp/x"),
    .writeFailed(path: "/tmp/x", detail: nil), .writeFailed(path: "/tmp/x", detail: "EIO"),
    .damaged(path: "/tmp/x"), .folderNotWritable(folder: "/tmp", detail: "EROFS"),
    .isAFolder(example: "/tmp/smartconnect.sqlite"), .notARegularFile,
    .fileNotCreated(detail: "EROFS"), .notAFolder(folder: "/tmp/f"),
    .folderNotCreated(folder: "/tmp/f", detail: "EROFS"), .noTemporaryFolder(detail: "EROFS"),
    .codeIssuedAlready(masked: "*****-*****-*****-ABCDE"), .unknownTier(codeID: "7", tier: "x"),
    .unknownLicenseKind, .writeReturnedNothing, .planNotSold, .termOutOfRange, .seatsOutOfRange,
    .roleNameNotPlain, .rolePasswordMissing, .rolePasswordNotASCII,
    .passwordNotHashed(detail: "x"), .rolesNeedPostgres, .notAPostgresURL, .badPort("99999"),
    .unknownSSLMode("on"), .badConnectTimeout("soon"), .brokenEscape(in: .user),
    .brokenEscape(in: .password), .brokenEscape(in: .host), .brokenEscape(in: .port),
    .brokenEscape(in: .database), .brokenEscape(in: .parameterName),
    .brokenEscape(in: .parameterValue("sslmode")), .parameterWithoutValue("sslmode"),
    .unknownParameter("sslcert", known: ["host", "sslmode"]), .severalHosts,
    .unclosedIPv6Address, .textAfterIPv6Address, .rootCertificateNeeded(sslMode: "verify-ca"),
    .rootCertificateUnreadable(path: "/r.crt"), .tlsSettingsUnusable(detail: "x"),
  ]

  /// Reasons that are another program's text: the same in every language.
  static let reasonsShownAsIs: [StoreReason] = [
    .server(message: "duplicate key", sqlState: "23505"),
    .server(message: "duplicate key", sqlState: nil), .unexpected(detail: "x"),
  ]

  /// Every reason the store refuses a device for.
  static let problems: [DeviceProblem] =
    [.emptySerial, .serialTooLong, .spaceInSerial, .emptyName]
    + DeviceField.allCases.flatMap { [DeviceProblem.controlCharacter($0), .tooLong($0)] }

  @Test(arguments: LanguageScreenTests.translated)
  func everyMessageAScreenShowsIsTranslated(_ language: Language) {
    for error in Self.shown {
      let english = Words.text(error, .english)
      let words = Words.text(error, language)
      #expect(words != english, "\(language): \(english)")
      #expect(!words.contains("{"), "\(language): \(words)")
    }
    for problem in Self.problems {
      let words = Words.text(problem, language)
      #expect(words != Words.text(problem, .english), "\(language): \(problem)")
      #expect(!words.contains("{"), "\(language): \(words)")
    }
  }

  @Test(arguments: LanguageScreenTests.translated)
  func everyReasonAStoreGivesIsTranslated(_ language: Language) {
    for reason in Self.reasons {
      let words = Words.text(reason, language)
      #expect(words != Words.text(reason, .english), "\(language): \(reason)")
      #expect(!words.contains("{"), "\(language): \(words)")
      let sentence = Words.text(StoreError.failed(reason: reason), language)
      #expect(sentence.contains(words), "\(language): \(sentence)")
    }
    for reason in Self.reasonsShownAsIs {
      #expect(Words.text(reason, language) == Words.text(reason, .english))
    }
  }

  @Test func aServersOwnTextIsShownAsIsWithItsControlCharactersEscaped() {
    let reason = StoreReason.server(message: "bad \u{1b}[2J value", sqlState: "22000")
    #expect(Words.text(reason, .french) == "bad \\u{1b}[2J value (SQLSTATE 22000)")
    let refused = StoreReason.userNotLetIn(user: "tech", serverMessage: "no\u{7}")
    #expect(
      Words.text(refused, .french) == "le serveur ne laisse pas entrer l'utilisateur tech : no\\u{7}")
  }

  @Test func theEnglishReasonsReadAsTheyDidWhenTheyWereText() {
    #expect(
      Words.text(StoreReason.passwordRefused(user: "tech", source: .file(path: "/h/.pgpass")))
        == "the server refused the password of user tech (the password came from /h/.pgpass)")
    #expect(
      Words.text(StoreReason.nothingListens(target: .address(host: "db", port: 5433)))
        == "nothing listens on db:5433 (is PostgreSQL running there?)")
    #expect(
      Words.text(StoreReason.noAnswer(target: .socket(path: "/run/pg"), seconds: 3))
        == "the socket /run/pg did not answer within 3 s (connect_timeout)")
    #expect(
      Words.text(PasswordFileWarning.groupOrWorldAccess(path: "/h/.pgpass"))
        == "WARNING: password file \"/h/.pgpass\" has group or world access; permissions should be u=rw (0600) or less (run: chmod 0600 /h/.pgpass); it is ignored"
    )
    #expect(
      Words.text(PasswordFileWarning.notAPlainFile(path: "/h/.pgpass"), .german)
        == "WARNUNG: Passwortdatei \"/h/.pgpass\" ist keine normale Datei")
  }

  @Test func aFullPlanNamesItsFirstTenDevicesAndCountsTheRest() {
    let holders = (1...10).map { "SN\($0)" }
    let message = Words.text(
      StoreError.notEnoughSeats(
        masked: "*****-*****-*****-ABCDE", requested: 1, seatsLeft: 0, assignedTo: holders,
        assignedCount: 25))
    #expect(
      message.hasSuffix(
        "assigned to: SN1, SN2, SN3, SN4, SN5, SN6, SN7, SN8, SN9, SN10 and 15 more."))
    #expect(message.contains("0 seats left"))
  }

  @Test func theAmbiguousCommitSaysHowLongAndWhatToCheck() {
    let error = StoreError.commitUnknown(store: "postgres://tech@db/fleet", waited: 60)
    let english = Words.text(error)
    #expect(english.contains("60 s"), "\(english)")
    #expect(english.contains("smartconnect overview"), "\(english)")
    let french = Words.text(error, .french)
    #expect(french.contains("60 s") && french.contains("smartconnect overview"), "\(french)")
    #expect(french != english)
  }
}
