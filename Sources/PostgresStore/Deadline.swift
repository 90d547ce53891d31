import Foundation
import Synchronization

/// Runs an operation that must finish within a time limit, even when it cannot be cancelled
/// (postgres-nio's queries wait on a future that a silent server never completes).
///
/// When time runs out, `onTimeout` is called (closing the connection fails the stuck query
/// at once) and `DeadlineExceeded` is thrown without waiting for the operation to return.
struct DeadlineExceeded: Error, Equatable {
  var seconds: Double
}

func withDeadline<T: Sendable>(
  seconds: Double,
  onTimeout: @escaping @Sendable () -> Void = {},
  _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
  try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
    let once = ResumeOnce(continuation)
    let timer = Task {
      try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
      if once.resume(with: .failure(DeadlineExceeded(seconds: seconds))) { onTimeout() }
    }
    Task {
      do {
        once.resume(with: .success(try await operation()))
      } catch {
        once.resume(with: .failure(error))
      }
      timer.cancel()
    }
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
