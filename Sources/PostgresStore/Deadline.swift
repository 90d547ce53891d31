import Foundation
import Synchronization

/// Runs an operation that must finish within a time limit, even when it cannot be cancelled
/// (postgres-nio's queries wait on a future that a silent server never completes).
///
/// When time runs out, `onTimeout` is called (closing the connection fails the stuck query
/// at once) and `DeadlineExceeded` is thrown without waiting for the operation to return.
/// Given `onCancel`, a cancelled task does not wait either: `onCancel` is called and
/// `CancellationError` thrown at once. The connect closes what it was opening, so a Ctrl-C
/// while a silent server holds the login stops the command then, not at `connect_timeout`;
/// a count the wizard's filter typed over is left to finish on its connection, which
/// queues the next statement behind it (a new connection would cost more on a slow link).
struct DeadlineExceeded: Error, Equatable {
  var seconds: Double
}

func withDeadline<T: Sendable>(
  seconds: Double,
  onTimeout: @escaping @Sendable () -> Void = {},
  onCancel: (@Sendable () -> Void)? = nil,
  _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
  let once = Mutex<ResumeOnce<T>?>(nil)
  return try await withTaskCancellationHandler {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
      let resumer = ResumeOnce(continuation)
      once.withLock { $0 = resumer }
      let timer = Task {
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        if resumer.resume(with: .failure(DeadlineExceeded(seconds: seconds))) { onTimeout() }
      }
      Task {
        do {
          resumer.resume(with: .success(try await operation()))
        } catch {
          resumer.resume(with: .failure(error))
        }
        timer.cancel()
      }
      // Cancelled before the continuation existed: the handler below found nothing to resume.
      if let onCancel, Task.isCancelled, resumer.resume(with: .failure(CancellationError())) {
        onCancel()
      }
    }
  } onCancel: {
    guard let onCancel, let resumer = once.withLock({ $0 }) else { return }
    if resumer.resume(with: .failure(CancellationError())) { onCancel() }
  }
}

/// A continuation that the first of two racing tasks resumes; the other finds it taken.
private final class ResumeOnce<T: Sendable>: Sendable {
  private let continuation: Mutex<CheckedContinuation<T, any Error>?>

  init(_ continuation: CheckedContinuation<T, any Error>) {
    self.continuation = Mutex(continuation)
  }

  @discardableResult
  func resume(with result: Result<T, any Error>) -> Bool {
    let waiting = continuation.withLock { slot in
      defer { slot = nil }
      return slot
    }
    waiting?.resume(with: result)
    return waiting != nil
  }
}
