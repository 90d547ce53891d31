import Foundation
import SubscriptionStore
import Synchronization
import UnixSignals

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Ctrl-C, SIGTERM or SIGHUP (the SSH link dropped) while a command writes to the store.
///
/// Ended by the signal's default action, the process left the store as it was (both stores
/// roll an uncommitted transaction back) but told the technician nothing: after a
/// `device import` of a million rows stopped 20 s in, was anything imported? Caught, the
/// signal cancels the write instead. The store either rolls back and says
/// `StoreError.cancelled`, and the command says nothing was written and ends with the status
/// a shell gives a process the signal ended (128 + its number); or the write had committed,
/// and the command reports what it wrote, as it would have. A second signal ends the process
/// at once: the store stays all-or-nothing either way.
enum Interruption {
  /// The write was cancelled by `signal` and rolled back.
  struct Stopped: Error {
    var signal: Int32
    /// What a shell reports for a process the signal ended.
    var status: Int32 { 128 + signal }
  }

  /// Runs `write` (the part of a command that writes, and the work just before it) with
  /// SIGINT, SIGTERM and SIGHUP cancelling it.
  static func stopping<T: Sendable>(_ write: @escaping @Sendable () async throws -> T)
    async throws -> T
  {
    let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup)
    let work = Task { try await write() }
    let caught = Caught()
    let watch = Task {
      for await arrived in signals {
        if caught.first(arrived.rawValue) {
          work.cancel()
        } else {
          endByDefaultAction(arrived.rawValue)
        }
      }
    }
    let result = await work.result
    watch.cancel()
    _ = await watch.value
    switch result {
    case .success(let value):
      return value
    case .failure(StoreError.cancelled):
      if let signal = caught.signal { throw Stopped(signal: signal) }
      throw StoreError.cancelled
    case .failure(let error):
      throw error
    }
  }

  /// Ends the process by `number`'s default action, as if it had never been caught (a
  /// second signal here; SIGPIPE for `StandardStreams`, which SwiftNIO ignores).
  /// Dispatch receives signals through a signalfd, with the signal blocked in its threads:
  /// raised there without unblocking it, the signal would only wait (measured: a second
  /// Ctrl-C during a CSV's parse ended nothing; the command stopped 5.8 s later).
  static func endByDefaultAction(_ number: Int32) -> Never {
    signal(number, SIG_DFL)
    var only = sigset_t()
    sigemptyset(&only)
    sigaddset(&only, number)
    pthread_sigmask(SIG_UNBLOCK, &only, nil)
    raise(number)
    exit(128 + number)
  }

  /// The first signal that arrived.
  private final class Caught: Sendable {
    private let state = Mutex<Int32?>(nil)

    var signal: Int32? { state.withLock { $0 } }

    /// Records `signal`; whether it was the first.
    func first(_ signal: Int32) -> Bool {
      state.withLock { caught in
        guard caught == nil else { return false }
        caught = signal
        return true
      }
    }
  }
}
