import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore
@testable import PostgresStore
@testable import SQLiteStore

/// Separate connections (one store value each, as separate processes would open) racing
/// for the seats of one code. The end-to-end suite runs the same race with processes.
@Suite struct StoreRaceTests {
  @Test(arguments: 1...3)
  func eightWritersForThreeSeatsGetExactlyThree(round: Int) async throws {
    let temp = try TemporaryStore()
    try await temp.store.addDevices(Fixture.devices(8), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(temp.store, tier: .advanced, seats: 3, seed: UInt64(round))
    let path = temp.path
    let outcomes = await withTaskGroup(of: Result<[License], StoreError>.self) { group in
      for writer in 1...8 {
        group.addTask {
          do throws(StoreError) {
            let store = try SQLiteStore(path: path)
            return .success(
              try await store.assign(
                planID: plan, to: ["SN\(writer)"], expected: nil, context: Fixture.context()))
          } catch {
            return .failure(error)
          }
        }
      }
      var outcomes: [Result<[License], StoreError>] = []
      for await outcome in group { outcomes.append(outcome) }
      return outcomes
    }
    let won = outcomes.filter { if case .success = $0 { true } else { false } }
    #expect(won.count == 3)
    for case .failure(let error) in outcomes {
      guard case .notEnoughSeats(_, 1, 0, let holders, 3) = error else {
        Issue.record("unexpected refusal: \(error)")
        continue
      }
      #expect(holders.count == 3)
    }
    #expect(try await temp.store.activatedPlans()[0].assignedDevices.count == 3)
  }
}

/// The same race on PostgreSQL: eight store values (eight connections) on one database.
@Suite struct PostgresRaceTests {
  @Test(arguments: 1...3)
  func eightConnectionsForThreeSeatsGetExactlyThree(round: Int) async throws {
    let temp = try await TemporaryPostgres()
    try await temp.store.addDevices(Fixture.devices(8), context: Fixture.context())
    let plan = try await Fixture.activatedPlan(
      temp.store, tier: .advanced, seats: 3, seed: UInt64(round))
    let location = temp.store.location
    let outcomes = await withTaskGroup(of: Result<[License], StoreError>.self) { group in
      for writer in 1...8 {
        group.addTask {
          do throws(StoreError) {
            let store = try await PostgresStore.open(location, home: nil)
            defer { Task { await store.close() } }
            return .success(
              try await store.assign(
                planID: plan, to: ["SN\(writer)", "SN\(writer % 8 + 1)"].sorted(by: >),
                expected: nil, context: Fixture.context()))
          } catch {
            return .failure(error)
          }
        }
      }
      var outcomes: [Result<[License], StoreError>] = []
      for await outcome in group { outcomes.append(outcome) }
      return outcomes
    }
    // Each writer asks for two seats, overlapping its neighbour's devices in the other
    // order: only one can win 2 of the 3 seats, and nobody deadlocks.
    let won = outcomes.filter { if case .success = $0 { true } else { false } }
    #expect(won.count == 1, "\(outcomes)")
    for case .failure(let error) in outcomes {
      guard case .notEnoughSeats(_, 2, 1, let holders, 2) = error else {
        Issue.record("unexpected refusal: \(error)")
        continue
      }
      #expect(holders.count == 2)
    }
    #expect(try await temp.store.activatedPlans()[0].assignedDevices.count == 2)
  }
}

@Suite struct NewStoreSetupTests {
  @Test(arguments: 1...3)
  func eightConnectionsCreatingOneStoreAllGetIt(round: Int) async throws {
    let folder = NSTemporaryDirectory() + "smartconnect-setup-" + UUID().uuidString
    let path = folder + "/store.sqlite"
    let failures = await withTaskGroup(of: StoreError?.self) { group in
      for writer in 1...8 {
        group.addTask {
          do throws(StoreError) {
            let store = try SQLiteStore(path: path)
            try await store.addDevices(
              [Device(serial: "SN\(writer)", name: "UPS \(writer)")], context: Fixture.context())
            return nil
          } catch {
            return error
          }
        }
      }
      var failures: [StoreError] = []
      for await failure in group { if let failure { failures.append(failure) } }
      return failures
    }
    #expect(failures == [])
    await #expect(try SQLiteStore(path: path).deviceCount(filter: "") == 8)
  }
}
