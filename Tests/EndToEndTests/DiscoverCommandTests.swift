import Foundation
import NUTTestSupport
import Testing

/// `device discover` through the built binary, against Debian's real upsd (three new APC
/// units, one the fleet has, one without a serial) and, for faults upsd cannot produce, a
/// scripted fake.
@Suite("device discover", .serialized)
struct DiscoverCommandTests {
  /// A bound for runs against upsd that are not about timing: upsd and its drivers share two
  /// cores with the rest of the suite, where an answer has taken the default 2 s.
  static let patient = ["--nut-timeout", "10"]

  /// A store that has the "control" unit (AS2108234567) already, as the demo fleet does.
  func fleetStore() async throws -> CLIStore {
    let store = try CLIStore()
    try await store.must([
      "device", "add", "AS2108234567", "--name", "Control room UPS", "--model",
      "Smart-UPS SRT 2200", "--site", "Lyon Plant",
    ])
    return store
  }

  @Test func addAddsExactlyTheUnitsTheFleetLacks() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    try await NUTServer.with(GatewayFleet.units) { server in
      let nut = "127.0.0.1:\(server.port)"
      let output = try await store.run(
        ["device", "discover", "--nut", nut, "--add", "--site", "Lyon"] + Self.patient)
      #expect(output.status == 0, "\(output)")
      #expect(output.stdout.contains("Added 3 devices at Lyon:"), "\(output)")
      #expect(output.stdout.contains("control@\(nut)  AS2108234567"), "\(output)")
      #expect(output.stdout.contains("yes: Control room UPS"), "\(output)")
      #expect(output.stdout.contains("Skipped bench@\(nut): it reports no serial"), "\(output)")
      let rows = try store.rows("SELECT serial, name, model, site FROM device ORDER BY serial")
      #expect(rows.count == 4, "\(rows)")
      let added = try store.rows(
        "SELECT serial, name, model, site FROM device WHERE site = 'Lyon' ORDER BY serial")
      #expect(added == [
        #"[serial:"3S2311200003" name:"press" model:"Smart-UPS X 2200" site:"Lyon"]"#,
        #"[serial:"AS2310100001" name:"Line 3 PLC UPS" model:"Smart-UPS SRT 1500" site:"Lyon"]"#,
        #"[serial:"AS2310100002" name:"Line 4 PLC UPS" model:"Smart-UPS 1500" site:"Lyon"]"#,
      ])

      // Again: the fleet has them all now; nothing is added twice.
      let again = try await store.run(
        ["device", "discover", "--nut", nut, "--add", "--site", "Lyon"] + Self.patient)
      #expect(again.status == 0, "\(again)")
      #expect(again.stdout.contains("Nothing to add"), "\(again)")
      #expect(try store.count("SELECT count(*) FROM device") == 4)
    }
  }

  @Test func jsonListsEveryUnitWithItsFleetStatus() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    try await NUTServer.with(GatewayFleet.units) { server in
      let output = try await store.run(
        ["device", "discover", "--nut", "127.0.0.1:\(server.port)", "--json"] + Self.patient)
      #expect(output.status == 0, "\(output)")
      let keys = [
        "server", "name", "description", "serial", "model", "manufacturer", "status",
        "fleet_name", "action", "reason",
      ]
      // Keys in the documented order, for scripts that read the text.
      #expect(output.stdout.hasPrefix(#"{"units":[{"server":"127.0.0.1:\#(server.port)","name":"line3","#))
      let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
      let units = json?["units"] as? [[String: Any]] ?? []
      #expect(units.count == 5)
      #expect(units.allSatisfy { Set($0.keys) == Set(keys) })
      #expect(units.map { $0["action"] as? String } == ["new", "new", "new", "in_fleet", "skipped"])
      #expect(units[3]["fleet_name"] as? String == "Control room UPS")
      #expect(units[4]["serial"] is NSNull)
      #expect(units[0]["manufacturer"] as? String == "APC")
      #expect(units[0]["status"] as? String == "OL")
      #expect(try store.count("SELECT count(*) FROM device") == 1)
    }
  }

  @Test func aLoginTakesThePasswordFromTheEnvironmentAndNeverPrintsIt() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    let users = [NUTServer.User(name: "monitor", password: "Zq7-secret")]
    try await NUTServer.with(Array(GatewayFleet.units.prefix(1)), users: users) { server in
      let arguments =
        ["device", "discover", "--nut", "127.0.0.1:\(server.port)", "--nut-user", "monitor"]
        + Self.patient
      let output = try await store.run(arguments, environment: ["SMARTCONNECT_NUT_PASSWORD": "Zq7-secret"])
      #expect(output.status == 0, "\(output)")
      #expect(output.stdout.contains("AS2310100001"))
      #expect(!(output.stdout + output.stderr).contains("Zq7-secret"))
      // No password at all: refused before connecting, with what to do.
      let none = try await store.run(arguments, environment: ["SMARTCONNECT_NUT_PASSWORD": nil])
      #expect(none.status == 1, "\(none)")
      #expect(none.stderr.contains("SMARTCONNECT_NUT_PASSWORD"), "\(none)")
    }
  }

  /// Each fault: exit 1, one line on stderr saying what happened, nothing added.
  @Test(arguments: Fault.allCases)
  func aFaultGivesOneClearLineAndAddsNothing(_ fault: Fault) async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    let run = { (port: Int) async throws -> Binary.Output in
      // The default 2 s bound for the silent server; elsewhere one a loaded machine never
      // reaches, so a slow test run cannot turn a close or an ERR into a timeout.
      let bound = fault == .silent ? [] : ["--nut-timeout", "20"]
      return try await store.run(
        ["device", "discover", "--nut", "127.0.0.1:\(port)", "--add", "--site", "Lyon"] + bound)
    }
    let started = ContinuousClock.now
    let output: Binary.Output
    if fault == .refused {
      output = try await run(try NUTServer.freePort())
    } else {
      output = try await FakeNUTServer.with(fault.script) { server in try await run(server.port) }
    }
    #expect(output.status == 1, "\(output)")
    let lines = output.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(output)")
    #expect(output.stderr.contains(fault.expected), "\(output)")
    #expect(output.stderr.contains("Nothing was added."), "\(output)")
    #expect(!output.stderr.unicodeScalars.contains { $0.value == 0x1B }, "\(output)")
    #expect(output.stdout.isEmpty, "\(output)")
    // Never a hang (the bound is 2 s a step; this only catches a command that waits on).
    #expect(ContinuousClock.now - started < .seconds(60))
    #expect(try store.count("SELECT count(*) FROM device") == 1)
  }

  /// The fault in the technician's language (issue 15): one French line, exit 1; a bad
  /// --nut is a usage error in French, exit 64.
  @Test func aFaultIsOneLineInTheTechniciansLanguage() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    let port = try NUTServer.freePort()
    let french = ["LANG": "fr_FR.UTF-8"]
    let output = try await store.run(["device", "discover", "--nut", "127.0.0.1:\(port)"], environment: french)
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output)")
    #expect(
      output.stderr.contains(
        "Impossible de joindre upsd sur 127.0.0.1:\(port) : connexion refusée. upsd tourne-t-il et écoute-t-il à cette adresse (LISTEN dans upsd.conf) ?"),
      "\(output)")
    #expect(output.stdout.isEmpty, "\(output)")
    let japanese = try await store.run(["--lang", "ja", "device", "discover", "--nut", "127.0.0.1:\(port)", "--add"])
    #expect(japanese.status == 1, "\(japanese)")
    #expect(japanese.stderr.contains("127.0.0.1:\(port) の upsd に接続できません：接続が拒否されました。"), "\(japanese)")
    #expect(japanese.stderr.contains("何も追加していません。"), "\(japanese)")
    let usage = try await store.run(["device", "discover", "--nut", "gateway:http"], environment: french)
    #expect(usage.status == 64, "\(usage)")
    #expect(usage.stderr.contains(#"--nut: "http" n'est pas un port ; donnez un nombre de 1 à 65535."#), "\(usage)")
  }

  /// SMARTCONNECT_NUT names the gateway's upsd for the wizard, and for discover when no
  /// --nut is given; one that names no server is refused as a usage error.
  @Test func theGatewaysUpsdFromTheEnvironmentIsTheDefault() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    try await NUTServer.with(Array(GatewayFleet.units.prefix(1))) { server in
      let nut = "127.0.0.1:\(server.port)"
      let output = try await store.run(
        ["device", "discover"] + Self.patient, environment: ["SMARTCONNECT_NUT": nut])
      #expect(output.status == 0, "\(output)")
      #expect(output.stdout.contains("line3@\(nut)  AS2310100001"), "\(output)")
      // --nut wins over the variable.
      let closed = try NUTServer.freePort()
      let given = try await store.run(
        ["device", "discover", "--nut", "127.0.0.1:\(closed)"], environment: ["SMARTCONNECT_NUT": nut])
      #expect(given.status == 1, "\(given)")
      #expect(given.stderr.contains("127.0.0.1:\(closed)"), "\(given)")
    }
    let bad = try await store.run(["device", "discover"], environment: ["SMARTCONNECT_NUT": "gateway:http"])
    #expect(bad.status == 64, "\(bad)")
    #expect(bad.stderr.contains(#"SMARTCONNECT_NUT: "http" is not a port"#), "\(bad)")
  }

  /// A wrong --nut-ca says what is wrong and what to do, not BoringSSL's words.
  @Test func aCertificateFromAnotherCAIsExplained() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    let folder = store.folder.appendingPathComponent("tls")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let certificate = try FakeNUTServer.Certificate.make(in: folder, name: "upsd")
    let other = try FakeNUTServer.Certificate.make(in: folder, name: "other")
    let healthy = FakeNUTServer.healthy([("ups1", "One", [("ups.serial", "AS2310100077")])])
    try await FakeNUTServer.with({ $0 == "STARTTLS" ? .startTLS : healthy($0) }, tls: certificate) { server in
      let output = try await store.run([
        "device", "discover", "--nut", "localhost:\(server.port)", "--nut-ca", other.certificatePath,
        "--nut-timeout", "20",
      ])
      #expect(output.status == 1, "\(output)")
      #expect(
        output.stderr.contains(
          "upsd at localhost:\(server.port) showed a certificate that the CA in \(other.certificatePath) did not sign, or that has expired. Give --nut-ca the CA that signed upsd's certificate"),
        "\(output)")
      #expect(!output.stderr.contains("VERIFY"), "\(output)")
      let verified = try await store.run([
        "device", "discover", "--nut", "localhost:\(server.port)", "--nut-ca", certificate.certificatePath,
        "--nut-timeout", "20",
      ])
      #expect(verified.status == 0, "\(verified)")
      #expect(verified.stdout.contains("AS2310100077"), "\(verified)")
    }
  }

  @Test func anEscapeSequenceInADescriptionIsShownEscapedAndNotStoredAsTheName() async throws {
    let store = try await fleetStore()
    defer { store.remove() }
    let script = FakeNUTServer.healthy([
      ("evil", "Rack \u{1B}[2J\u{1B}]0;owned\u{7}", [("ups.serial", "AS2310100042"), ("ups.model", "Smart-UPS 1500")])
    ])
    try await FakeNUTServer.with(script) { server in
      let output = try await store.run(["device", "discover", "--nut", "127.0.0.1:\(server.port)", "--add"])
      #expect(output.status == 0, "\(output)")
      #expect(!output.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(output)")
      #expect(output.stdout.contains("AS2310100042  evil"), "\(output)")
      let json = try await store.run(
        ["device", "discover", "--nut", "127.0.0.1:\(server.port)", "--json"] + Self.patient)
      #expect(json.stdout.contains(#""description":"Rack \u001b[2J\u001b]0;owned\u0007""#), "\(json)")
    }
    // The description could not be a name (control characters): the NUT name was used.
    #expect(try store.rows("SELECT name FROM device WHERE serial = 'AS2310100042'") == [#"[name:"evil"]"#])
  }
}

/// The faults of issue 13 that the command must turn into one line and exit 1.
enum Fault: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case refused, silent, closedMidAnswer, accessDenied, unknownUPS, malformed, oversized

  var testDescription: String { rawValue }

  var script: @Sendable (String) -> FakeNUTServer.Answer {
    let healthy = FakeNUTServer.healthy([("ups1", "One", [("ups.serial", "AS2310100077")])])
    switch self {
    case .refused: return healthy
    case .silent: return { _ in .silence }
    case .closedMidAnswer:
      return { $0 == "LIST UPS" ? .linesThenClose(["BEGIN LIST UPS"]) : healthy($0) }
    case .accessDenied: return { $0 == "LIST UPS" ? .lines(["ERR ACCESS-DENIED"]) : healthy($0) }
    case .unknownUPS: return { $0 == "LIST VAR ups1" ? .lines(["ERR UNKNOWN-UPS"]) : healthy($0) }
    case .malformed: return { $0 == "LIST UPS" ? .lines(["\u{1B}[31mHELLO"]) : healthy($0) }
    case .oversized:
      return { $0 == "LIST UPS" ? .bytes(Array(repeating: UInt8(ascii: "A"), count: 70_000)) : healthy($0) }
    }
  }

  var expected: String {
    switch self {
    case .refused: return "connection refused"
    case .silent: return "No answer from upsd at 127.0.0.1:"
    case .closedMidAnswer: return "closed the connection in the middle of the answer to LIST UPS"
    case .accessDenied: return "refused LIST UPS: access denied"
    case .unknownUPS: return "for unit ups1: the unit is not (or no longer) in its ups.conf"
    case .malformed: return #"answered "\u{1b}[31mHELLO" where "BEGIN LIST UPS" was expected"#
    case .oversized: return "longer than 2048 bytes"
    }
  }
}
