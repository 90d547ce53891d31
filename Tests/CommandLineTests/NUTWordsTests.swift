import Localization
import Testing
import UPSDiscovery

@testable import smartconnect

/// Network UPS Tools' faults in words (issues 13 and 15): every fault `device discover` and
/// the wizard's `--nut` can meet, in every language, naming the server; what came from the
/// server or the system shown as it came, escaped.
@Suite("NUT faults in words")
struct NUTWordsTests {
  static let server = NUTEndpoint(host: "10.0.0.5", port: 3493)
  /// What a hostile or broken server might put into a fault.
  static let hostile = "\u{1B}]0;owned\u{7}"

  /// One of each fault, with the server's text made hostile wherever it has some.
  static let problems: [NUTError.Problem] = [
    .cannotConnect(.refused), .cannotConnect(.noRoute), .cannotConnect(.hostNotResolved),
    .cannotConnect(.system("Network is down (errno: 100)")),
    .timedOut(waitingFor: .connection, seconds: 2),
    .timedOut(waitingFor: .answer(to: "LIST UPS"), seconds: 0.5),
    .timedOut(waitingFor: .sending("PASSWORD"), seconds: 2),
    .closedMidAnswer(waitingFor: .connection),
    .closedMidAnswer(waitingFor: .answer(to: "LIST VAR ups1")),
    .closedMidAnswer(waitingFor: .sending("LIST VAR")),
    .refused(command: "LIST UPS", NUTServerError(code: "ACCESS-DENIED"), unit: nil),
    .refused(command: "LIST VAR ups1", NUTServerError(code: "UNKNOWN-UPS"), unit: hostile),
    .refused(command: "USERNAME", NUTServerError(code: hostile, extra: [hostile]), unit: nil),
    .malformed(.lineTooLong(limit: 2048)), .malformed(.unterminatedQuote(line: hostile + "\"")),
    .malformed(.danglingBackslash(line: hostile + "\\")),
    .malformed(.unexpectedLine(line: hostile, expected: .line("BEGIN LIST UPS"))),
    .malformed(.unexpectedLine(line: hostile, expected: .itemOrEnd(head: "VAR " + hostile, end: "END LIST VAR " + hostile))),
    .malformed(.unexpectedLine(line: hostile, expected: .nothingAfter(end: "END LIST UPS"))),
    .malformed(.tooManyItems(limit: 4096)), .tls(.notOffered(code: "FEATURE-NOT-CONFIGURED")),
    .tls(.caFileUnusable(file: "/etc/nut/ca.pem", detail: hostile)),
    .tls(.certificateNotVerified(caFile: "/etc/nut/ca.pem")),
    .tls(.certificateWrongHost(host: "gateway.example")), .tls(.handshakeFailed(detail: hostile)),
    .badCredentials(.username, .empty), .badCredentials(.password, .empty),
    .badCredentials(.username, .controlCharacter), .badCredentials(.password, .controlCharacter),
  ]

  static let serverErrors = [
    "ACCESS-DENIED", "UNKNOWN-UPS", "DATA-STALE", "DRIVER-NOT-CONNECTED", "USERNAME-REQUIRED",
    "INVALID-PASSWORD", "FEATURE-NOT-SUPPORTED", "VAR-NOT-SUPPORTED",
  ].map { NUTServerError(code: $0) }

  static let endpointErrors: [NUTEndpoint.EndpointError] = [.empty, .badHost(hostile), .badPort("99999")]

  /// A `{name}` left unfilled (an escaped control character, `\u{1b}`, is no placeholder).
  static func hasPlaceholder(_ words: String) -> Bool {
    words.contains(/\{[a-z]+\}/)
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
  }

  @Test(arguments: Language.allCases)
  func everyFaultIsWordedNamingTheServerWithNothingUnescaped(_ language: Language) {
    var seen: Set<String> = []
    for problem in Self.problems {
      let words = CommandWords.text(NUTError(Self.server, problem), language)
      #expect(words.contains("10.0.0.5:3493"), "\(language) \(problem): \(words)")
      #expect(!Self.hasPlaceholder(words), "\(language) \(problem): \(words)")
      #expect(!words.unicodeScalars.contains(where: Self.isControl), "\(language) \(problem): \(words)")
      if words.contains("owned") {
        #expect(words.contains(#"\u{1b}]0;owned\u{7}"#), "\(language) \(problem): \(words)")
      }
      if language != .english {
        let english = CommandWords.text(NUTError(Self.server, problem), .english)
        #expect(words != english, "\(language) \(problem) is not translated: \(words)")
      }
      seen.insert(words)
    }
    // No two faults read the same: each says what happened to it.
    #expect(seen.count == Self.problems.count, "\(language)")
  }

  @Test(arguments: Language.allCases)
  func upsdsErrorsAndBadAddressesAreWordedInEveryLanguage(_ language: Language) {
    var pairs = Self.serverErrors.map {
      (CommandWords.text($0, .english), CommandWords.text($0, language))
    }
    pairs += Self.endpointErrors.map {
      (CommandWords.text($0, .english), CommandWords.text($0, language))
    }
    for (english, words) in pairs {
      #expect(!words.isEmpty && !Self.hasPlaceholder(words), "\(language): \(words)")
      #expect(!words.unicodeScalars.contains(where: Self.isControl), "\(language): \(words)")
      if language != .english { #expect(words != english, "\(language): \(english)") }
    }
  }

  @Test func theEnglishWordsSayWhatHappenedAndWhatToDo() {
    let english = { (problem: NUTError.Problem) in
      CommandWords.text(NUTError(Self.server, problem), .english)
    }
    #expect(
      english(.cannotConnect(.refused))
        == "Cannot reach upsd at 10.0.0.5:3493: connection refused. Is upsd running and listening there (LISTEN in upsd.conf)?")
    #expect(
      english(.timedOut(waitingFor: .answer(to: "LIST UPS"), seconds: 0.5))
        == "No answer from upsd at 10.0.0.5:3493 within 0.5 s (waiting for the answer to LIST UPS). Check the host and port, and that upsd is not stuck.")
    #expect(
      english(.refused(command: "LIST VAR ups1", NUTServerError(code: "UNKNOWN-UPS"), unit: "ups1"))
        == "upsd at 10.0.0.5:3493 refused LIST VAR ups1 for unit ups1: the unit is not (or no longer) in its ups.conf; run the discovery again.")
    #expect(
      english(.malformed(.unexpectedLine(line: "\u{1B}[31mHELLO", expected: .line("BEGIN LIST UPS"))))
        == #"upsd at 10.0.0.5:3493 does not speak NUT's protocol as expected: it answered "\u{1b}[31mHELLO" where "BEGIN LIST UPS" was expected. Is that port really upsd?"#)
    // A wrong CA: what is wrong and what to do, not BoringSSL's CERTIFICATE_VERIFY_FAILED.
    let wrongCA = english(.tls(.certificateNotVerified(caFile: "/etc/nut/other.pem")))
    #expect(wrongCA.contains("the CA in /etc/nut/other.pem did not sign"), "\(wrongCA)")
    #expect(wrongCA.contains("Give --nut-ca the CA that signed upsd's certificate"), "\(wrongCA)")
    #expect(!wrongCA.contains("VERIFY"), "\(wrongCA)")
    // An unknown ERR is shown as upsd sent it, escaped.
    #expect(
      CommandWords.text(NUTServerError(code: "NEW-CODE", extra: ["a\u{7}"]), .english)
        == #"it answered ERR NEW-CODE a\u{7}"#)
    // A long line from the server is cut.
    let long = CommandWords.text(NUTParseError.unterminatedQuote(line: String(repeating: "x", count: 500)), .english)
    #expect(long.count < 140 && long.hasSuffix("…\"."), "\(long)")
  }

  @Test func theFrenchWordsReadAsFrench() {
    let french = CommandWords.text(NUTError(Self.server, .cannotConnect(.refused)), .french)
    #expect(
      french
        == "Impossible de joindre upsd sur 10.0.0.5:3493 : connexion refusée. upsd tourne-t-il et écoute-t-il à cette adresse (LISTEN dans upsd.conf) ?")
    let usage = CommandWords.text(.badNUTServer(.badPort("x")), .french)
    #expect(usage == #"--nut: "x" n'est pas un port ; donnez un nombre de 1 à 65535."#)
  }

  @Test func aUnitUpsdHasNoDataForIsSkippedWithTheReasonInTheLanguage() {
    let skip = DiscoveryPlan.Skip.noData(NUTServerError(code: "DATA-STALE"))
    #expect(
      DiscoveryOutput.text(skip, .english)
        == "upsd has no data for it: its driver has lost contact with the unit (data stale); check the cable")
    #expect(DiscoveryOutput.text(skip, .german).hasPrefix("upsd hat keine Daten dafür: ihr Treiber"))
  }
}

/// Which upsd `device discover` asks (README, "On a gateway"): each `--nut`; without one,
/// the gateway's upsd as SMARTCONNECT_NUT names it for the wizard too; else localhost.
@Suite("device discover: which upsd")
struct DiscoverServersTests {
  typealias Discover = SmartConnect.DeviceCommand.Discover
  static let localhost = NUTEndpoint(host: "localhost")

  @Test(arguments: [
    ([], [:], [localhost]),
    ([], ["SMARTCONNECT_NUT": "10.0.0.5"], [NUTEndpoint(host: "10.0.0.5")]),
    ([], ["SMARTCONNECT_NUT": " [fe80::1]:3500 "], [NUTEndpoint(host: "fe80::1", port: 3500)]),
    // off keeps the wizard from asking on its own; discover is asked on purpose.
    ([], ["SMARTCONNECT_NUT": "off"], [localhost]),
    ([], ["SMARTCONNECT_NUT": "OFF"], [localhost]),
    ([], ["SMARTCONNECT_NUT": ""], [localhost]),
    // Given --nut, the variable is not read at all.
    (["b:1", "a", "b:1"], ["SMARTCONNECT_NUT": "10.0.0.5"], [NUTEndpoint(host: "b", port: 1), localhost.with(host: "a")]),
    (["a"], ["SMARTCONNECT_NUT": "not a host"], [localhost.with(host: "a")]),
  ] as [([String], [String: String], [NUTEndpoint])])
  func theServersAreTheOptionsElseTheGatewaysElseLocalhost(
    servers: [String], environment: [String: String], expected: [NUTEndpoint]
  ) {
    #expect(Discover.endpoints(servers: servers, environment: environment) == expected)
  }

  @Test func aVariableThatNamesNoServerIsRefusedAsTheWizardRefusesIt() {
    #expect(NUTSetting.read(["SMARTCONNECT_NUT": "host:notaport"]) == .failure(.badPort("notaport")))
    #expect(NUTSetting.read(["SMARTCONNECT_NUT": "a b"]) == .failure(.badHost("a b")))
    #expect(NUTSetting.read([:]) == .success(nil))
    #expect(NUTSetting.read(["SMARTCONNECT_NUT": "off"]) == .success(.off))
  }
}

extension NUTEndpoint {
  func with(host: String) -> NUTEndpoint { NUTEndpoint(host: host, port: port) }
}
