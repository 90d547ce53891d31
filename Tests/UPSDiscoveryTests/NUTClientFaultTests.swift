import Foundation
import Testing
import NUTTestSupport
import UPSDiscovery

/// Each fault ends in one typed error with one clear line, within the timeout, never a hang.
@Suite("Discovery faults")
struct NUTClientFaultTests {
  /// For the faults other than silence: a bound no loaded machine reaches by accident.
  let patient = NUTClient(timeout: .seconds(10))
  /// For the silent servers, whose answer is the timeout itself.
  let quick = NUTClient(timeout: .milliseconds(500))

  func discover(_ port: Int, _ client: NUTClient? = nil) async -> NUTError? {
    do {
      _ = try await (client ?? patient).discover(NUTEndpoint(host: "127.0.0.1", port: port))
      return nil
    } catch {
      return error
    }
  }

  @Test func connectionRefusedSaysSo() async throws {
    let error = await discover(try NUTServer.freePort())
    #expect(error?.problem == .cannotConnect(.refused))
  }

  @Test func aSilentServerTimesOutWithinTheBound() async throws {
    try await FakeNUTServer.with({ _ in .silence }) { server in
      let error = await discover(server.port, quick)
      #expect(error?.problem == .timedOut(waitingFor: .answer(to: "STARTTLS"), seconds: 0.5))
    }
  }

  @Test func aServerSilentAfterTheUnitListTimesOutOnTheVariables() async throws {
    let healthy = FakeNUTServer.healthy([("ups1", "One", [])])
    try await FakeNUTServer.with({ $0.hasPrefix("LIST VAR") ? .silence : healthy($0) }) { server in
      let error = await discover(server.port, quick)
      #expect(error?.problem == .timedOut(waitingFor: .answer(to: "LIST VAR ups1"), seconds: 0.5))
    }
  }

  @Test func aServerClosingMidAnswerIsNamed() async throws {
    let healthy = FakeNUTServer.healthy([])
    try await FakeNUTServer.with({
      $0 == "LIST UPS" ? .linesThenClose(["BEGIN LIST UPS", #"UPS ups1 "One""#]) : healthy($0)
    }) { server in
      let error = await discover(server.port)
      #expect(error?.problem == .closedMidAnswer(waitingFor: .answer(to: "LIST UPS")))
    }
  }

  @Test func accessDeniedAsksForALogin() async throws {
    let healthy = FakeNUTServer.healthy([])
    try await FakeNUTServer.with({ $0 == "LIST UPS" ? .lines(["ERR ACCESS-DENIED"]) : healthy($0) }) { server in
      let error = await discover(server.port)
      #expect(error?.problem == .refused(command: "LIST UPS", NUTServerError(code: "ACCESS-DENIED"), unit: nil))
    }
  }

  @Test func anUnknownUnitFailsTheDiscovery() async throws {
    let healthy = FakeNUTServer.healthy([("ups1", "One", [])])
    try await FakeNUTServer.with({ $0 == "LIST VAR ups1" ? .lines(["ERR UNKNOWN-UPS"]) : healthy($0) }) { server in
      let error = await discover(server.port)
      #expect(error?.problem == .refused(command: "LIST VAR ups1", NUTServerError(code: "UNKNOWN-UPS"), unit: "ups1"))
    }
  }

  @Test func aUnitWhoseDriverIsDownIsListedAsUnavailable() async throws {
    let healthy = FakeNUTServer.healthy([("ups1", "One", []), ("ups2", "Two", [("ups.serial", "AS1")])])
    try await FakeNUTServer.with({ $0 == "LIST VAR ups1" ? .lines(["ERR DATA-STALE"]) : healthy($0) }) { server in
      let units = try await patient.discover(NUTEndpoint(host: "127.0.0.1", port: server.port))
      #expect(units.map(\.unavailable) == [NUTServerError(code: "DATA-STALE"), nil])
      #expect(units.map(\.serial) == [nil, "AS1"])
    }
  }

  @Test(arguments: [
    (["SSH-2.0-OpenSSH_9.2"], NUTParseError.unexpectedLine(line: "SSH-2.0-OpenSSH_9.2", expected: .line("BEGIN LIST UPS"))),
    (["BEGIN LIST UPS", #"UPS ups1 "One"#], .unterminatedQuote(line: #"UPS ups1 "One"#)),
  ])
  func aMalformedAnswerIsRefused(_ lines: [String], _ expected: NUTParseError) async throws {
    let healthy = FakeNUTServer.healthy([])
    try await FakeNUTServer.with({ $0 == "LIST UPS" ? .lines(lines) : healthy($0) }) { server in
      let error = await discover(server.port)
      #expect(error?.problem == .malformed(expected))
    }
  }

  @Test func anOversizedLineIsRefusedWithoutBufferingIt() async throws {
    let healthy = FakeNUTServer.healthy([])
    let flood = Array(repeating: UInt8(ascii: "A"), count: 100_000)
    try await FakeNUTServer.with({ $0 == "LIST UPS" ? .bytes(flood) : healthy($0) }) { server in
      let error = await discover(server.port)
      #expect(error?.problem == .malformed(.lineTooLong(limit: NUTLineFramer.defaultLimit)))
    }
  }

  @Test func anEscapeSequenceInAServerAnswerIsKeptAsDataForTheWordsToEscape() async throws {
    let healthy = FakeNUTServer.healthy([])
    try await FakeNUTServer.with({ $0 == "LIST UPS" ? .lines(["\u{1B}]0;owned\u{7}"]) : healthy($0) }) { server in
      let error = await discover(server.port)
      // Kept as sent, for the command line to show escaped (CommandWordsTests).
      #expect(error?.problem == .malformed(.unexpectedLine(line: "\u{1B}]0;owned\u{7}", expected: .line("BEGIN LIST UPS"))))
    }
  }

  /// upsd itself drops control characters from ups.conf; a hostile or broken server may not.
  @Test func anEscapeSequenceInADescriptionIsKeptAsDataAndShownEscaped() async throws {
    let script = FakeNUTServer.healthy([("evil", "Rack \u{1B}[2J\u{1B}]0;owned\u{7}", [("ups.serial", "AS1")])])
    try await FakeNUTServer.with(script) { server in
      let units = try await patient.discover(NUTEndpoint(host: "127.0.0.1", port: server.port))
      #expect(units.first?.description == "Rack \u{1B}[2J\u{1B}]0;owned\u{7}")
      #expect(NUTText.escaped(units.first?.description ?? "") == #"Rack \u{1b}[2J\u{1b}]0;owned\u{7}"#)
    }
  }

  @Test func verifiedTLSIsRequiredWhenAsked() async throws {
    try await FakeNUTServer.with(FakeNUTServer.healthy([])) { server in
      let client = NUTClient(tls: .verified(caFile: "/nonexistent.pem"), timeout: .seconds(10))
      let error = await discover(server.port, client)
      #expect(error?.problem == .tls(.notOffered(code: "FEATURE-NOT-CONFIGURED")))
    }
  }

  @Test func aPasswordWithALineBreakIsNeverSent() async throws {
    let client = NUTClient(credentials: .init(username: "u", password: "pw\nLIST UPS"))
    let error = await discover(1, client)
    #expect(error?.problem == .badCredentials(.password, .controlCharacter))
  }
}
