import Foundation
import GRDB
import Subscriptions
import Testing

@testable import SQLiteStore
@testable import SubscriptionStore

/// A write that waits for another technician's write lock (SQLite's busy wait, up to 10 s)
/// stops when the wizard stops it (Esc, Ctrl-C), without waiting for the lock, and writes
/// nothing. Told by order, not by a stopwatch: the other writer lets go after 8 s (within
/// SQLite's 10 s wait, so a write deaf to its cancellation would get the lock then), and the
/// cancelled write must have answered while the lock was still held.
@Suite struct BusyCancelTests {
  /// Another process's write transaction, held until `release()` or for `holdFor`.
  final class LockHolder: @unchecked Sendable {
    private let released = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var holding = false

    init(path: String, holdFor: Duration) throws {
      let queue = try DatabaseQueue(path: path)
      let taken = DispatchSemaphore(value: 0)
      Thread.detachNewThread { [self] in
        try? queue.inDatabase { db in
          try db.execute(sql: "BEGIN IMMEDIATE")
          lock.withLock { holding = true }
          taken.signal()
          let (seconds, _) = holdFor.components
          _ = released.wait(timeout: .now() + .seconds(Int(seconds)))
          lock.withLock { holding = false }
          try db.execute(sql: "ROLLBACK")
        }
        done.signal()
      }
      taken.wait()
    }

    var isHolding: Bool { lock.withLock { holding } }

    func release() {
      released.signal()
      done.wait()
    }
  }

  @Test func aWriteWaitingForTheLockStopsWhenCancelled() async throws {
    let temp = try TemporaryStore()
    let store = temp.store
    try await store.addDevices(Fixture.devices(1), context: Fixture.context())
    let planID = try await Fixture.activatedPlan(store, tier: .advanced, seats: 1, seed: 71)
    let holder = try LockHolder(path: temp.path, holdFor: .seconds(8))
    let write = Task {
      try await store.assign(planID: planID, to: ["SN1"], expected: nil, context: Fixture.context())
    }
    try await Task.sleep(for: .milliseconds(300))
    write.cancel()
    // Answered while the other writer still holds the lock: it did not wait for it.
    let result = await write.result
    #expect(holder.isHolding, "the cancelled write waited for the other writer")
    holder.release()
    #expect(throws: StoreError.cancelled) { try result.get() }
    #expect(try await store.licenses(of: ["SN1"])["SN1"] == [])
  }
}
