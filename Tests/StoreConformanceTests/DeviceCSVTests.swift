import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore

@Suite struct DeviceCSVTests {
  func parse(_ text: String) throws(DeviceCSVError) -> [DeviceCSV.Row] {
    try DeviceCSV.parse(Data(text.utf8))
  }

  @Test func quotedFieldsCommasQuotesAndLineBreaksAreRead() async throws {
    let rows = try parse(
      "\u{FEFF}serial,name,model,site\r\n"
        + "AS1,\"Rack A1, top\",Smart-UPS 1500,Lyon\r\n"
        + "\r\n"
        + "AS2,\"The \"\"big\"\" one\",\"Smart-UPS SRT 3000\",  Berlin  \n"
        + "AS3,Ünïcode UPS,,\n")
    #expect(rows.map(\.line) == [2, 4, 5])
    #expect(
      rows[0].device
        == Device(serial: "AS1", name: "Rack A1, top", model: "Smart-UPS 1500", site: "Lyon"))
    #expect(
      rows[1].device
        == Device(
          serial: "AS2", name: "The \"big\" one", model: "Smart-UPS SRT 3000", site: "Berlin"))
    #expect(rows[2].device == Device(serial: "AS3", name: "Ünïcode UPS"))
  }

  @Test func spacesAndTabsAroundAFieldAreDropped() async throws {
    let rows = try parse(
      "serial,name,model,site\n \tAS1 ,\u{3000}Rack A1\u{00A0}, Smart  UPS ,Lyon\n")
    #expect(
      rows.map(\.device)
        == [Device(serial: "AS1", name: "Rack A1", model: "Smart  UPS", site: "Lyon")])
  }

  @Test func columnsMayComeInAnyOrderAndModelAndSiteMayBeLeftOut() async throws {
    let rows = try parse("Name,SERIAL\nUPS 1,AS1")
    #expect(rows.map(\.device) == [Device(serial: "AS1", name: "UPS 1")])
  }

  @Test(arguments: [
    ("", DeviceCSVError.empty),
    ("serial,name,colour\n", .badHeader(.unknownColumn("colour"))),
    ("serial,model\n", .badHeader(.missingColumn(.name))),
    ("serial;name;model;site\nAS1;UPS;M;S\n", .badHeader(.notCommaSeparated)),
    ("serial,name,serial\n", .badHeader(.columnTwice("serial"))),
    ("serial,name,model,site\nAS1,UPS,M\n", .wrongFieldCount(line: 2, found: 3, expected: 4)),
    ("serial,name\nAS1,UPS\nAS2,a,b\n", .wrongFieldCount(line: 3, found: 3, expected: 2)),
    (
      "serial,name\nAS1,\"UPS\n",
      .malformed(line: 2, .quoteNeverClosed(field: 2))
    ),
    (
      "serial,name\nAS1,\"UPS\"x\n",
      .malformed(line: 2, .textAfterClosingQuote(field: 2))
    ),
    (
      "serial,name\nAS1,UP\"S\n",
      .malformed(line: 2, .quoteInsideUnquotedText(field: 2))
    ),
    (
      "serial,name\nAS1,UPS\n,Nameless serial\n",
      .invalidField(line: 3, .emptySerial)
    ),
    (
      "serial,name\nAS1,\n",
      .invalidField(line: 2, .emptyName)
    ),
    (
      "serial,name\nAS1,x\nAS 2,y\n",
      .invalidField(line: 3, .spaceInSerial)
    ),
    (
      "serial,name\nAS1,\"two\nlines\"\n",
      .invalidField(line: 2, .controlCharacter(.name))
    ),
    (
      "serial,name\nAS1,one\nAS2,two\nAS1,three\n",
      .serialTwice(line: 4, serial: "AS1", firstLine: 2)
    ),
  ])
  func malformedFileIsRefusedNamingLineAndField(text: String, error: DeviceCSVError) {
    #expect(throws: error) { try parse(text) }
  }

  @Test func recordsAfterAQuotedLineBreakKeepTheirLineNumbers() async throws {
    let records = try DeviceCSV.records(Array("a,b\n\"x\r\ny\",z\r\n\n\"p\n\nq\",r\ns,t".utf8))
    #expect(records.map(\.line) == [1, 2, 5, 8])
    #expect(records[1].fields == ["x\r\ny", "z"])
  }

  @Test func invalidUTF8NamesItsLine() {
    var bytes = Array("serial,name\nAS1,UPS\nAS2,Caf".utf8)
    bytes += [0xE9]  // Latin-1 é
    bytes += Array("\n".utf8)
    #expect(throws: DeviceCSVError.notUTF8(line: 3)) { try DeviceCSV.parse(Data(bytes)) }
  }
}
