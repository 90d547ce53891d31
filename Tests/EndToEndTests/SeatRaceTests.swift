import Foundation
import Testing

/// Separate `smartconnect activate` processes racing for the seats of one code never get
/// more licenses than seats; each loser exits 1 saying how many seats are left.
@Suite struct SeatRaceTests {
  @Test(arguments: 1...3)
  func eightProcessesForThreeSeatsGetExactlyThree(round: Int) async throws {
    let fleet = try TemporaryFleet()
    let csv = fleet.folder + "/fleet.csv"
    let lines = ["serial,name"] + (1...8).map { "SN\($0),UPS \($0)" }
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: csv))
    try await fleet.succeed(["device", "import", csv])
    let code = try await fleet.issue("advanced", seats: 3)
    try await fleet.succeed(["activate", code])

    let outputs = try await withThrowingTaskGroup(of: Binary.Output.self) { group in
      for n in 1...8 {
        group.addTask { try await fleet.run(["activate", code, "--device", "SN\(n)", "--json"]) }
      }
      var outputs: [Binary.Output] = []
      for try await output in group { outputs.append(output) }
      return outputs
    }
    let winners = outputs.filter { $0.status == 0 }
    let losers = outputs.filter { $0.status == 1 }
    #expect(winners.count == 3, "\(outputs)")
    #expect(losers.count == 5, "\(outputs)")
    for loser in losers {
      #expect(loser.stderr.contains("0 seats left"), "\(loser)")
    }
    let overview = try TemporaryFleet.object(try await fleet.succeed(["overview", "--json"]))
    let devices = try #require(overview["devices"] as? [[String: Any]])
    let licensed = devices.filter { ($0["licenses"] as? [Any])?.isEmpty == false }
    #expect(licensed.count == 3)
    #expect((overview["plans"] as? [[String: Any]])?.first?["seats_left"] as? Int == 0)
  }
}

/// Processes that open a store nobody has created yet, all at once: one creates and
/// migrates it, the others wait for that and then write.
@Suite struct NewStoreRaceTests {
  @Test(arguments: 1...2)
  func eightProcessesCreatingOneStoreAllSucceed(round: Int) async throws {
    let fleet = try TemporaryFleet()
    let outputs = try await withThrowingTaskGroup(of: Binary.Output.self) { group in
      for n in 1...8 {
        group.addTask { try await fleet.run(["device", "add", "SN\(n)", "--name", "UPS \(n)"]) }
      }
      var outputs: [Binary.Output] = []
      for try await output in group { outputs.append(output) }
      return outputs
    }
    #expect(outputs.allSatisfy { $0.status == 0 }, "\(outputs)")
    let overview = try TemporaryFleet.object(try await fleet.succeed(["overview", "--json"]))
    #expect((overview["devices"] as? [Any])?.count == 8)
  }
}
