import Foundation
import GRDB
import Subscriptions
import Testing

@testable import SQLiteStore
@testable import SubscriptionStore

/// A write that waits for another technician's write lock (SQLite's busy wait, up to 10 s)
/// stops at once when the wizard stops it (Esc, Ctrl-C), and writes nothing.
@Suite struct BusyCancelTests {
  @Test func aWriteWaitingForTheLockStopsWhenCancelled() async throws {
    let temp = try TemporaryStore()
    let store = temp.store
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    let planID = try await Fixture.activatedPlan(store, tier: .advanced, seats: 1, seed: 71)
    // Another process holds the write lock.
    let other = try DatabaseQueue(path: temp.path)
    let holding = Task.detached {
      try other.inDatabase { db in
        try db.execute(sql: "BEGIN IMMEDIATE")
        Thread.sleep(forTimeInterval: 3)
        try db.execute(sql: "ROLLBACK")
      }
    }
    try await Task.sleep(for: .milliseconds(200))
    let started = ContinuousClock.now
    let write = Task {
      try await store.assign(planID: planID, to: ["SN1"], expected: nil, context: Fixture.context())
    }
    try await Task.sleep(for: .milliseconds(300))
    write.cancel()
    let result = await write.result
    let waited = ContinuousClock.now - started
    #expect(waited < .seconds(2), "the cancelled write waited \(waited)")
    #expect(throws: StoreError.cancelled) { try result.get() }
    try await holding.value
    #expect(try await store.licenses(of: ["SN1"])["SN1"] == [])
  }
}
