import Testing
import UPSDiscovery

@Suite("NUT protocol lines")
struct NUTWordsTests {
  @Test func plainWordsAreSplitOnSpacesAndTabs() throws {
    #expect(try NUTWords.split("BEGIN LIST\tUPS") == ["BEGIN", "LIST", "UPS"])
    #expect(try NUTWords.split("  VAR  ups1   ups.status ") == ["VAR", "ups1", "ups.status"])
    #expect(try NUTWords.split("") == [])
  }

  @Test func quotedWordsKeepSpacesAndUnescapeQuotesAndBackslashes() throws {
    #expect(
      try NUTWords.split(#"UPS rack1 "Rack 1 \"A\" \\ west""#)
        == ["UPS", "rack1", #"Rack 1 "A" \ west"#])
    #expect(try NUTWords.split(#"VAR u ups.serial """#) == ["VAR", "u", "ups.serial", ""])
  }

  @Test func escapeSequencesInADescriptionAreKeptAsDataAndShownEscaped() throws {
    let words = try NUTWords.split("UPS evil \"\u{1B}[31mRED\u{1B}[0m\u{7}\"")
    #expect(words[2] == "\u{1B}[31mRED\u{1B}[0m\u{7}")
    #expect(NUTText.escaped(words[2]) == #"\u{1b}[31mRED\u{1b}[0m\u{7}"#)
  }

  @Test func unclosedQuoteAndDanglingBackslashAreRefused() {
    #expect(throws: NUTParseError.unterminatedQuote(line: #"UPS a "open"#)) {
      try NUTWords.split(#"UPS a "open"#)
    }
    #expect(throws: NUTParseError.danglingBackslash(line: #"UPS a b\"#)) {
      try NUTWords.split(#"UPS a b\"#)
    }
  }

  @Test(arguments: ["ups1", "Rack 1", #"say "hi""#, #"back\slash"#, "", "\t"])
  func quotingRoundTrips(_ word: String) throws {
    #expect(try NUTWords.split("USERNAME " + NUTWords.quoted(word)) == ["USERNAME", word])
  }
}

@Suite("NUT line framing")
struct NUTLineFramerTests {
  @Test func linesSplitAcrossReadsAreJoinedAndCRLFIsAccepted() throws {
    var framer = NUTLineFramer()
    #expect(try framer.push(Array("BEGIN LI".utf8)) == [])
    #expect(framer.hasPartialLine)
    #expect(try framer.push(Array("ST UPS\r\nUPS a \"b\"\nEND".utf8)) == ["BEGIN LIST UPS", "UPS a \"b\""])
    #expect(try framer.push(Array(" LIST UPS\n".utf8)) == ["END LIST UPS"])
    #expect(!framer.hasPartialLine)
  }

  @Test func aLineLongerThanTheLimitIsRefusedBeforeItIsBuffered() throws {
    var framer = NUTLineFramer(limit: 16)
    #expect(try framer.push(Array(repeating: UInt8(ascii: "x"), count: 16) + [0x0A]).count == 1)
    #expect(throws: NUTParseError.lineTooLong(limit: 16)) {
      try framer.push(Array(repeating: UInt8(ascii: "x"), count: 17))
    }
  }

  @Test func invalidUTF8IsReplacedNotTrusted() throws {
    var framer = NUTLineFramer()
    #expect(try framer.push([0x41, 0xFF, 0x42, 0x0A]) == ["A\u{FFFD}B"])
  }
}

@Suite("NUT list answers")
struct NUTListReaderTests {
  @Test func aUnitListIsReadBetweenBeginAndEnd() throws {
    var reader = NUTListReader(query: ["UPS"])
    #expect(reader.command == "LIST UPS")
    #expect(try reader.accept("BEGIN LIST UPS") == .more)
    #expect(try reader.accept(#"UPS rack1 "Rack 1""#) == .more)
    #expect(try reader.accept(#"UPS rack2 "Unavailable""#) == .more)
    #expect(try reader.accept("END LIST UPS") == .done)
    #expect(reader.items == [["rack1", "Rack 1"], ["rack2", "Unavailable"]])
    #expect(throws: NUTParseError.unexpectedLine(line: "UPS x y", expected: .nothingAfter(end: "END LIST UPS"))) {
      try reader.accept("UPS x y")
    }
  }

  @Test func variablesOfAUnitNeedTheUnitsNameRepeated() throws {
    var reader = NUTListReader(query: ["VAR", "rack 1"])
    #expect(reader.command == #"LIST VAR "rack 1""#)
    #expect(try reader.accept(#"BEGIN LIST VAR "rack 1""#) == .more)
    #expect(try reader.accept(#"VAR "rack 1" ups.serial "AS1935123401""#) == .more)
    #expect(
      throws: NUTParseError.unexpectedLine(
        line: #"VAR other ups.serial "X""#, expected: .itemOrEnd(head: "VAR rack 1", end: "END LIST VAR rack 1"))
    ) { try reader.accept(#"VAR other ups.serial "X""#) }
  }

  @Test(arguments: ["ACCESS-DENIED", "UNKNOWN-UPS", "DATA-STALE"])
  func anErrorInsteadOfTheListIsARefusal(_ code: String) throws {
    var reader = NUTListReader(query: ["VAR", "ups1"])
    #expect(try reader.accept("ERR \(code) extra") == .refused(NUTServerError(code: code, extra: ["extra"])))
  }

  @Test func aListMustBeginAsAsked() {
    var reader = NUTListReader(query: ["UPS"])
    #expect(throws: NUTParseError.unexpectedLine(line: "SSH-2.0-OpenSSH_9.2", expected: .line("BEGIN LIST UPS"))) {
      try reader.accept("SSH-2.0-OpenSSH_9.2")
    }
  }

  @Test func aListLongerThanTheLimitIsRefused() throws {
    var reader = NUTListReader(query: ["UPS"], itemLimit: 2)
    _ = try reader.accept("BEGIN LIST UPS")
    _ = try reader.accept("UPS a b")
    _ = try reader.accept("UPS c d")
    #expect(throws: NUTParseError.tooManyItems(limit: 2)) { try reader.accept("UPS e f") }
  }

  /// A refusal keeps the server's line as it came (the command line escapes it when it
  /// puts the refusal into words: CommandWordsTests).
  @Test func aRefusalKeepsTheServersLineAsSent() {
    var reader = NUTListReader(query: ["UPS"])
    #expect(throws: NUTParseError.unexpectedLine(line: "\u{1B}]0;pwned\u{7}", expected: .line("BEGIN LIST UPS"))) {
      try reader.accept("\u{1B}]0;pwned\u{7}")
    }
  }

  @Test(arguments: [
    ("ACCESS-DENIED", NUTServerError.Kind.accessDenied), ("UNKNOWN-UPS", .unknownUnit),
    ("DATA-STALE", .dataStale), ("DRIVER-NOT-CONNECTED", .driverNotConnected),
    ("USERNAME-REQUIRED", .loginRequired), ("PASSWORD-REQUIRED", .loginRequired),
    ("INVALID-USERNAME", .loginRefused), ("INVALID-PASSWORD", .loginRefused),
    ("FEATURE-NOT-SUPPORTED", .tlsNotAvailable), ("FEATURE-NOT-CONFIGURED", .tlsNotAvailable),
    ("VAR-NOT-SUPPORTED", .other), ("", .other),
  ])
  func upsdsErrorCodesAreKnownByKind(_ code: String, _ kind: NUTServerError.Kind) {
    #expect(NUTServerError(code: code).kind == kind)
    #expect(NUTServerError(code: code).concernsOneUnit == (kind == .dataStale || kind == .driverNotConnected))
  }
}

@Suite("Discovered units")
struct DiscoveredUnitTests {
  @Test func deviceVariablesWinOverUPSVariables() {
    let unit = DiscoveredUnit(
      name: "ups1", description: "Rack 1",
      variables: [
        "device.serial": "AS1935123401", "ups.serial": "OLD", "ups.model": "Smart-UPS 1500",
        "ups.mfr": "APC", "device.mfr": "American Power Conversion", "ups.status": "OL CHRG",
      ])
    #expect(unit.serial == "AS1935123401")
    #expect(unit.model == "Smart-UPS 1500")
    #expect(unit.manufacturer == "American Power Conversion")
    #expect(unit.status == "OL CHRG")
  }

  @Test func aBlankSerialIsNoSerial() {
    let unit = DiscoveredUnit(
      name: "ups2", description: "Unavailable",
      variables: ["device.serial": "  ", "ups.serial": "\t"])
    #expect(unit.serial == nil)
    #expect(unit.givenDescription == nil)
  }

  @Test func endpointsParseWithAndWithoutPorts() throws {
    #expect(try NUTEndpoint.parse("localhost").get() == NUTEndpoint(host: "localhost", port: 3493))
    #expect(try NUTEndpoint.parse("10.0.0.5:3500").get() == NUTEndpoint(host: "10.0.0.5", port: 3500))
    #expect(try NUTEndpoint.parse("[::1]:3500").get() == NUTEndpoint(host: "::1", port: 3500))
    #expect(try NUTEndpoint.parse("::1").get() == NUTEndpoint(host: "::1", port: 3493))
    #expect(throws: NUTEndpoint.EndpointError.badPort("0")) { try NUTEndpoint.parse("h:0").get() }
    #expect(throws: NUTEndpoint.EndpointError.badPort("x")) { try NUTEndpoint.parse("h:x").get() }
    #expect(throws: NUTEndpoint.EndpointError.empty) { try NUTEndpoint.parse(" ").get() }
  }
}
