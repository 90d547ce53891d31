import Foundation
import GRDB
import Testing

/// Load and crashes through the built binary, in a bounded form that fits `swift test`.
/// The long forms (16 × 50 activations, 200 kills) are `Reliability/run.sh`; see
/// RELIABILITY.md.
@Suite(.serialized) struct ReliabilityTests {
  // MARK: - Load

  /// Eight processes at once, six activations each, race for the 12 seats of 3 codes:
  /// exactly 12 assignments, every other attempt refused for lack of seats (never "locked"
  /// or "busy"), one audit row per assignment, and an intact file.
  @Test(arguments: 1...2)
  func racingProcessesGetExactlyTheSeats(round: Int) async throws {
    let store = try CLIStore()
    defer { store.remove() }
    let (workers, perWorker, seats) = (8, 6, 4)
    let codes = try await store.issue(seats: seats, count: 3)
    let serial: @Sendable (Int, Int) -> String = { w, i in "R\(round)W\(w)-\(i)" }
    try await store.addDevices(
      (0..<workers).flatMap { w in (0..<perWorker).map { serial(w, $0) } })

    let outputs = try await withThrowingTaskGroup(of: [Binary.Output].self) { group in
      for w in 0..<workers {
        group.addTask {
          var outputs: [Binary.Output] = []
          for i in 0..<perWorker {
            outputs.append(
              try await store.run(
                ["activate", codes[(w + i) % codes.count], "--device", serial(w, i)]))
          }
          return outputs
        }
      }
      return try await group.reduce(into: []) { $0 += $1 }
    }

    let assigned = outputs.filter { $0.status == 0 && !$0.signalled }
    let refused = outputs.filter {
      $0.status == 1 && $0.stderr.contains("All seats of code") && $0.stderr.contains("*****-")
    }
    let locked = outputs.filter {
      $0.stderr.lowercased().contains("locked") || $0.stderr.lowercased().contains("busy")
    }
    print(
      "load round \(round): \(outputs.count) activations by \(workers) processes for "
        + "\(codes.count * seats) seats: \(assigned.count) assigned, \(refused.count) refused "
        + "(no seats), \(locked.count) locked/busy")
    #expect(assigned.count == codes.count * seats)
    #expect(
      assigned.count + refused.count == outputs.count,
      "\(outputs.filter { $0.status != 0 && !refused.map(\.stderr).contains($0.stderr) })")
    #expect(locked.isEmpty, "\(locked)")
    #expect(try store.count("SELECT count(*) FROM license") == codes.count * seats)
    #expect(
      try store.count("SELECT count(*) FROM audit WHERE action = 'license.assign'")
        == codes.count * seats)
    #expect(
      try store.count(
        "SELECT count(*) FROM (SELECT device FROM license GROUP BY device HAVING count(*) > 1)")
        == 0)
    #expect(try store.integrityCheck() == "ok")
    let plans = try await store.overview().plans
    #expect(plans.count == codes.count && plans.allSatisfy { $0.seats_left == 0 })
  }

  // MARK: - Crashes

  /// `activate` of 5 devices killed with SIGKILL at random moments spread over its whole
  /// run: after each kill the store holds all 5 licenses of that run or none, the code is
  /// activated exactly when they are there, the trail matches, seats add up.
  @Test func activateKilledAtRandomMomentsWritesAllOrNothing() async throws {
    let store = try CLIStore()
    defer { store.remove() }
    let runs = 20
    let calibration = 3
    let codes = try await store.issue(seats: 5, count: runs + calibration)
    let group = { (run: Int) in (1...5).map { "K\(run)-\($0)" } }
    try await store.addDevices((0..<codes.count).flatMap(group))
    let arguments = { (run: Int) in
      ["activate", codes[run]] + group(run).flatMap { ["--device", $0] }
    }

    var durations: [Duration] = []
    for run in runs..<(runs + calibration) {
      let started = ContinuousClock.now
      try await store.must(arguments(run))
      durations.append(ContinuousClock.now - started)
    }
    // Kills spread over the whole run; the window adapts so that most runs are killed
    // mid-way (the interesting case) while some still finish first, whatever the load.
    var span = durations.sorted()[calibration / 2]
    var tally = (all: 0, none: 0, partial: 0, killed: 0)
    for run in 0..<runs {
      let delay = span * Double.random(in: 0...1)
      let process = try BackgroundProcess(arguments(run), environment: store.environment)
      try await Task.sleep(for: delay)
      let status = process.kill(SIGKILL)
      if status == 128 + SIGKILL {
        tally.killed += 1
        span = span * 1.05
      } else {
        #expect(status == 0)
        span = span * 0.8
      }

      let plans = try await store.overview().plans
      let held = try store.count(
        "SELECT count(*) FROM license WHERE device LIKE ?", ["K\(run)-%"])
      let activated = try store.count(
        "SELECT count(*) FROM audit WHERE action = 'code.activate' AND code = ?",
        [masked(codes[run])])
      let audited = try store.count(
        "SELECT count(*) FROM audit WHERE action = 'license.assign' AND device LIKE ?",
        ["K\(run)-%"])
      switch held {
      case 5: tally.all += 1
      case 0: tally.none += 1
      default: tally.partial += 1
      }
      #expect(held == 0 || held == 5, "run \(run) after \(delay): \(held) licenses")
      #expect(audited == held && activated == (held == 5 ? 1 : 0), "run \(run) after \(delay)")
      let plan = plans.filter { $0.code == masked(codes[run]) }
      #expect(plan.count == (held == 5 ? 1 : 0))
      for plan in plan { #expect(plan.seats_left + held == plan.seats) }
    }
    #expect(try store.integrityCheck() == "ok")
    print(
      "crash: \(runs) runs of activate (5 devices) killed at random moments: \(tally.killed) "
        + "killed, all 5 written \(tally.all), none \(tally.none), partial \(tally.partial)")
  }

  func masked(_ code: String) -> String { "*****-*****-*****-" + code.suffix(5) }
}
