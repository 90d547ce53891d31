import Foundation
import Synchronization

/// Runs an operation that must finish within a time limit, even when it cannot be cancelled
/// (postgres-nio's queries wait on a future that a silent server never completes).
///
/// When time runs out, `abandon` is called (closing the connection fails the stuck query at
/// once) and `DeadlineExceeded` is thrown without waiting for the operation to return. With
/// `leavingWhenCancelled`, a cancelled task does the same at once and throws
/// `CancellationError`: the connect uses it, so a Ctrl-C while a silent server holds the
/// login stops the command then, not at `connect_timeout`. A statement does not: leaving it
/// would mean closing the connection, and a wizard's superseded read is not worth a new one.
struct DeadlineExceeded: Error, Equatable {
  var seconds: Double
}

func withDeadline<T: Sendable>(
  seconds: Double,
  leavingWhenCancelled: Bool = false,
  abandon: @escaping @Sendable () -> Void = {},
  _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
  let once = Mutex<ResumeOnce<T>?>(nil)
  return try await withTaskCancellationHandler {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
      let resumer = ResumeOnce(continuation)
      once.withLock { $0 = resumer }
      let timer = Task {
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        if resumer.resume(with: .failure(DeadlineExceeded(seconds: seconds))) { abandon() }
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
      if leavingWhenCancelled, Task.isCancelled,
        resumer.resume(with: .failure(CancellationError()))
      {
        abandon()
      }
    }
  } onCancel: {
    guard leavingWhenCancelled, let resumer = once.withLock({ $0 }) else { return }
    if resumer.resume(with: .failure(CancellationError())) { abandon() }
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
