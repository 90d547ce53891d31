import Foundation
import GRDB
import Testing

/// The wizard in a real pty while another technician's write holds the store's lock (what a
/// slow shared store looks like from the terminal): the screen says "Working…" instead of
/// freezing, Esc stops the confirm with nothing written, Ctrl-C stops it and says so on
/// exit, and once the lock is free the same Confirm writes.
@Suite(.serialized) struct SlowStoreEndToEndTests {
  /// Holds SQLite's write lock on `path` from another connection until `release()`.
  final class LockHolder: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let released = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    init(path: String) throws {
      queue = try DatabaseQueue(path: path)
      let taken = DispatchSemaphore(value: 0)
      let queue = queue
      let released = released
      let done = done
      Thread.detachNewThread {
        try? queue.inDatabase { db in
          try db.execute(sql: "BEGIN IMMEDIATE")
          taken.signal()
          released.wait()
          try db.execute(sql: "ROLLBACK")
        }
        done.signal()
      }
      taken.wait()
    }

    func release() {
      released.signal()
      done.wait()
    }
  }

  @Test func confirmBehindAnotherWriterShowsWorkingAndEscStopsIt() async throws {
    let (store, codes) = try await WizardReliabilityTests.seeded(codes: 1)
    defer { store.remove() }
    let pane = try await WizardReliabilityTests.pane(store)
    defer { Task { await pane.close() } }
    try await WizardReliabilityTests.walk(pane, to: .confirm, code: codes[0], devices: 2)
    let holder = try LockHolder(path: store.path)
    try await pane.enter()
    try await pane.waitForScreen(containing: "Working…", "Esc Stop")
    try await pane.escape()
    try await pane.waitForScreen(containing: "Stopped before anything was written.")
    #expect(try WizardReliabilityTests.licenses(store, code: codes[0]) == 0)
    holder.release()
    // The same Confirm, with the lock free, writes both.
    try await Task.sleep(for: .milliseconds(700))
    try await pane.enter()
    try await pane.waitForScreen(containing: "Success · step 5 of 5")
    #expect(try WizardReliabilityTests.licenses(store, code: codes[0]) == 2)
  }

  @Test func ctrlCWhileTheConfirmWaitsSaysNothingWasWritten() async throws {
    let (store, codes) = try await WizardReliabilityTests.seeded(codes: 1)
    defer { store.remove() }
    let pane = try await WizardReliabilityTests.pane(store, recordOutput: true)
    defer { Task { await pane.close() } }
    try await WizardReliabilityTests.walk(pane, to: .confirm, code: codes[0], devices: 1)
    let holder = try LockHolder(path: store.path)
    defer { holder.release() }
    try await pane.enter()
    try await pane.waitForScreen(containing: "Working…")
    try await pane.send([3])
    // Ctrl-C is a key in raw mode (exit 0) or SIGINT in cooked (130): either way the
    // write under way is stopped first and its outcome said.
    let status = try await pane.waitForExit(timeout: .seconds(5))
    #expect(status == 0 || status == 130)
    let said = String(decoding: try pane.output(), as: UTF8.self)
    #expect(said.contains("smartconnect ended while confirming: nothing was written."))
    #expect(try WizardReliabilityTests.licenses(store, code: codes[0]) == 0)
  }
}
