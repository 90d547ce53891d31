import Foundation
import Testing
import NUTTestSupport
import UPSDiscovery

/// The client against Debian's real upsd and dummy-ups drivers (NUTServer).
@Suite("Discovery against a real upsd", .serialized)
struct RealUPSDTests {
  /// The product's 2 s bound is for a gateway's upsd; here upsd and its drivers share two
  /// cores with the rest of the suite, and a clean-clone CI check saw an answer take that
  /// long (the late deadline then closed the connection before the next command). These
  /// tests are about what upsd says, not how fast: 10 s.
  static let client = NUTClient(timeout: .seconds(10))

  @Test func everyUnitIsFoundWithSerialModelManufacturerAndStatus() async throws {
    try await NUTServer.with(GatewayFleet.units) { server in
      let units = try await Self.client.discover(NUTEndpoint(host: "127.0.0.1", port: server.port))
      #expect(units.map(\.name) == ["line3", "line4", "press", "control", "bench"], "\(server.log)")
      #expect(units.map(\.serial) == ["AS2310100001", "AS2310100002", "3S2311200003", "AS2108234567", nil])
      #expect(units.map(\.model) == ["Smart-UPS SRT 1500", "Smart-UPS 1500", "Smart-UPS X 2200", "Smart-UPS SRT 2200", "Smart-UPS 750"])
      #expect(units.allSatisfy { $0.manufacturer == "APC" && $0.status == "OL" && $0.unavailable == nil })
      #expect(units[0].givenDescription == "Line 3 PLC UPS")
      // upsd 2.8 says "Description unavailable" for a unit without desc=.
      #expect(units[2].givenDescription == nil)
    }
  }

  @Test func aLoginIsSentAndTheListStillComes() async throws {
    let users = [NUTServer.User(name: "monitor", password: "s3cret pass")]
    try await NUTServer.with(Array(GatewayFleet.units.prefix(1)), users: users) { server in
      let client = NUTClient(
        credentials: .init(username: "monitor", password: "s3cret pass"), timeout: .seconds(10))
      let units = try await client.discover(NUTEndpoint(host: "127.0.0.1", port: server.port))
      #expect(units.map(\.serial) == ["AS2310100001"])
    }
  }

  @Test func localhostFindsTheServerOnIPv4() async throws {
    try await NUTServer.with(Array(GatewayFleet.units.prefix(1))) { server in
      let units = try await Self.client.discover(NUTEndpoint(host: "localhost", port: server.port))
      #expect(units.count == 1)
    }
  }

  @Test func quotesAndBackslashesInADescriptionArriveAsWritten() async throws {
    let unit = GatewayFleet.smartUPS(
      "quoted", #"Rack "A" \ west"#, serial: "AS2310100009", model: "Smart-UPS 1500")
    try await NUTServer.with([unit]) { server in
      let units = try await Self.client.discover(NUTEndpoint(host: "127.0.0.1", port: server.port))
      #expect(units.first?.description == #"Rack "A" \ west"#)
    }
  }

  @Test func upsdRefusesAnUnknownUnitByName() async throws {
    try await NUTServer.with(Array(GatewayFleet.units.prefix(1))) { server in
      // The real server's own answer, through the same reader the client uses.
      let answer = try NUTServer.exchange(port: server.port, "LIST VAR nosuchunit\n")
      var reader = NUTListReader(query: ["VAR", "nosuchunit"])
      #expect(try reader.accept(answer.trimmingCharacters(in: .newlines)) == .refused(NUTServerError(code: "UNKNOWN-UPS")))
    }
  }
}
