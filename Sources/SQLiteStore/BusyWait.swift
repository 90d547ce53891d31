import Foundation

/// SQLite's wait for another process's write lock, made stoppable: the default busy
/// timeout sleeps inside SQLite until the lock frees or 10 s pass, deaf to a task's
/// cancellation (measured: a write cancelled 300 ms into the wait still waited 2.8 s, for
/// the other writer to finish). This handler retries every few milliseconds up to the same
/// limit and gives up at once when the write waiting on it was stopped (Esc, Ctrl-C).
final class BusyWait: @unchecked Sendable {
  private let lock = NSLock()
  private var waitingSince: ContinuousClock.Instant?
  private var stopped = false
  private let limit: Duration

  init(limit: Duration) {
    self.limit = limit
  }

  /// A write begins: it has not been stopped.
  func begin() {
    lock.withLock {
      stopped = false
      waitingSince = nil
    }
  }

  /// The write waiting (if any) was cancelled: the next retry gives up.
  func stop() {
    lock.withLock { stopped = true }
  }

  /// SQLite's busy callback: whether to try the lock again (after a short sleep).
  func shouldRetry(_ tries: Int) -> Bool {
    let now = ContinuousClock.now
    let giveUp: Bool = lock.withLock {
      if tries == 0 { waitingSince = now }
      let since = waitingSince ?? now
      return stopped || now - since >= limit
    }
    if giveUp { return false }
    usleep(useconds_t(min(20, 1 + tries) * 1000))
    return true
  }
}
