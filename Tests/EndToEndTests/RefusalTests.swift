import Foundation
import Testing

/// Every bad input is refused with a reason on stderr, exit 1 (refused) or 64 (usage), and
/// leaves the store exactly as it was.
@Suite struct RefusalTests {
  /// A store with two devices and an activated 2-seat Standard code, plus the overview
  /// JSON to compare against after each refusal.
  func prepared() async throws -> (TemporaryFleet, code: String, before: String) {
    let fleet = try TemporaryFleet()
    try await fleet.succeed(["device", "add", "SN1", "--name", "UPS 1"])
    try await fleet.succeed(["device", "add", "SN2", "--name", "UPS 2"])
    let code = try await fleet.issue("standard", seats: 2)
    try await fleet.succeed(["activate", code])
    return (fleet, code, try await fleet.succeed(["overview", "--json"]))
  }

  @Test(arguments: [
    (["activate", "CODE", "--device", "SN9"], "No device with serial SN9"),
    (["activate", "CODE", "--device", "SN1", "--device", "SN1"], "named twice"),
    (
      ["activate", "CODE", "--device", "SN1", "--device", "SN2", "--device", "SN3"],
      "No device with serial SN3"
    ),
    (["activate", "7K3QM-9XR2T-B8VN4-HDWPS", "--device", "SN1"], "is not known"),
    (["activate", "7K3QM-9XR2T-B8VN4-HDWPT"], "mistyped"),
    (["device", "add", "SN1", "--name", "Again"], "already exists"),
  ])
  func refusedCommandWritesNothing(arguments: [String], reason: String) async throws {
    let (fleet, code, before) = try await prepared()
    let output = try await fleet.run(arguments.map { $0 == "CODE" ? code : $0 })
    #expect(output.status == 1, "\(output)")
    #expect(output.stdout == "", "\(output)")
    #expect(output.stderr.contains(reason), "\(output)")
    #expect(!output.stderr.contains(code), "a refusal showed the code: \(output)")
    #expect(try await fleet.succeed(["overview", "--json"]) == before)
  }

  @Test func moreDevicesThanSeatsSaysHowManyAreLeft() async throws {
    let (fleet, code, before) = try await prepared()
    try await fleet.succeed(["device", "add", "SN3", "--name", "UPS 3"])
    let output = try await fleet.run(
      ["activate", code, "--device", "SN1", "--device", "SN2", "--device", "SN3"])
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.contains("2 seats left, not 3"), "\(output)")
    let after = try await fleet.succeed(["overview", "--json"])
    #expect(after.contains("\"seats_left\":2"))
    #expect(after.count > before.count)  // SN3 was added, nothing else changed
  }

  @Test(arguments: [
    ("serial,name\nSN5,New one\nSN6,\"broken\n", "Line 3", "never closed"),
    ("serial,name\nSN5,New one\nSN1,Duplicate of the store\n", "Line 3", "already in the store"),
    ("serial,name,model,site\nSN5,New one,M\n", "Line 2", "has 3 fields"),
    ("serial,name\nSN5,New one\nSN6,\n", "Line 3, field name", "name is empty"),
    ("serial,name\nSN5,One\nSN5,Two\n", "Line 3", "already on line 2"),
  ])
  func malformedCSVImportsNothing(csv: String, line: String, reason: String) async throws {
    let (fleet, _, before) = try await prepared()
    let file = fleet.folder + "/devices.csv"
    try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
    let output = try await fleet.run(["device", "import", file])
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.contains(line), "\(output)")
    #expect(output.stderr.contains(reason), "\(output)")
    #expect(output.stderr.contains("Nothing was imported"), "\(output)")
    #expect(try await fleet.succeed(["overview", "--json"]) == before)
  }

  @Test func csvThatIsNotUTF8IsRefusedClearly() async throws {
    let (fleet, _, before) = try await prepared()
    let file = fleet.folder + "/latin1.csv"
    try Data(Array("serial,name\nSN5,Caf".utf8) + [0xE9, 0x0A]).write(
      to: URL(fileURLWithPath: file))
    let output = try await fleet.run(["device", "import", file])
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.contains("Line 2 is not valid UTF-8"), "\(output)")
    #expect(try await fleet.succeed(["overview", "--json"]) == before)
  }

  @Test(arguments: [
    (["overview", "--now", "2027-13-01"], "--now"),
    (["code", "issue", "--tier", "basic", "--term-months", "12", "--seats", "1"], "tier"),
    (["code", "issue", "--tier", "standard", "--term-months", "0", "--seats", "1"], "term"),
    (
      [
        "code", "issue", "--tier", "standard", "--term-months", "12", "--seats", "1",
        "--redeem-by", "soon",
      ], "--redeem-by"
    ),
    (["device", "add", "SN1"], "--name"),
    (["device", "add", "SN 1", "--name", "x"], "space"),
    (["overview", "--store", "mysql://db/fleet"], "mysql"),
    (["activate"], "code"),
  ])
  func usageErrorsExitWith64(arguments: [String], phrase: String) async throws {
    let fleet = try TemporaryFleet()
    let output = try await fleet.run(arguments)
    #expect(output.status == 64, "\(output)")
    #expect(output.stderr.contains(phrase), "\(output)")
    #expect(!FileManager.default.fileExists(atPath: fleet.store), "a usage error created the store")
  }

  @Test func storeThatIsNotADatabaseIsRefusedAndKept() async throws {
    let fleet = try TemporaryFleet()
    let text = Data(String(repeating: "not a database\n", count: 400).utf8)
    try text.write(to: URL(fileURLWithPath: fleet.store))
    let output = try await fleet.run(["overview"])
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.contains("not an SQLite database"), "\(output)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: fleet.store)) == text)
  }

  @Test func storeInAFolderThatCannotBeCreatedIsRefused() async throws {
    let fleet = try TemporaryFleet()
    let blocker = fleet.folder + "/blocker"
    try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
    let output = try await fleet.run(["overview", "--store", blocker + "/sub/store.sqlite"])
    #expect(output.status == 1, "\(output)")
    #expect(output.stderr.contains("is a file, not a folder"), "\(output)")
    #expect(output.stderr.contains("--store"), "\(output)")
  }

  /// DESIGN §4 writes GLOBAL before the command; after it works too.
  @Test func globalOptionsGoBeforeOrAfterTheCommand() async throws {
    let fleet = try TemporaryFleet()
    let unset: [String: String?] = [
      "SMARTCONNECT_STORE": nil, "SMARTCONNECT_NOW": nil, "XDG_DATA_HOME": fleet.folder + "/xdg",
    ]
    let add = try await Binary.run(
      [
        "--store", fleet.store, "--now", "2027-01-15", "--operator", "ana",
        "device", "add", "SN1", "--name", "UPS 1",
      ],
      environment: unset)
    #expect(add.status == 0, "\(add)")
    let before = try await Binary.run(
      ["--store", fleet.store, "--now", "2027-03-01T10:00:00Z", "overview", "--json"],
      environment: unset)
    let after = try await Binary.run(
      ["overview", "--json", "--now", "2027-03-01T10:00:00Z", "--store", fleet.store],
      environment: unset)
    #expect(before.status == 0 && after.status == 0, "\(before)\n\(after)")
    #expect(before.stdout == after.stdout)
    #expect(
      before.stdout.hasPrefix("{\"now\":\"2027-03-01T10:00:00Z\",\"devices\":[{\"serial\":\"SN1\""))
    #expect(!FileManager.default.fileExists(atPath: fleet.folder + "/xdg"))
    let usage = try await Binary.run(
      ["--now", "yesterday", "overview", "--store", fleet.store], environment: unset)
    #expect(usage.status == 64, "\(usage)")
  }

  @Test func defaultStoreIsAPrivateFileInTheUsersDataFolder() async throws {
    let fleet = try TemporaryFleet()
    let output = try await Binary.run(
      ["device", "add", "SN1", "--name", "UPS 1"],
      environment: ["SMARTCONNECT_STORE": nil, "XDG_DATA_HOME": fleet.folder + "/xdg"])
    #expect(output.status == 0, "\(output)")
    let path = fleet.folder + "/xdg/smartconnect/smartconnect.sqlite"
    let file = try FileManager.default.attributesOfItem(atPath: path)
    let folder = try FileManager.default.attributesOfItem(
      atPath: fleet.folder + "/xdg/smartconnect")
    #expect(file[.posixPermissions] as? Int == 0o600)
    #expect(folder[.posixPermissions] as? Int == 0o700)
  }
}
