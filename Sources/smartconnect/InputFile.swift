import Foundation
import Synchronization

/// A file a command reads whole (`device import`'s CSV, `activate --devices-from`): a
/// regular file, or a pipe (`/dev/stdin`, a shell's `<(…)`, a FIFO). Foundation's
/// `Data(contentsOf:)` refused a pipe with "You don't have permission", which sent a
/// technician to chmod a file that was fine.
enum InputFile {
  /// The file's bytes, read to its end.
  static func read(_ path: String) throws -> Data {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    return try handle.readToEnd() ?? Data()
  }

  /// `read(_:)` on a thread of its own, left at once when the task is cancelled
  /// (`CancellationError`): a pipe whose writer sends nothing holds the read, and a first
  /// Ctrl-C must still stop the command. The abandoned thread ends with the process.
  static func readLeavingWhenCancelled(_ path: String) async throws -> Data {
    let waiting = Mutex<CheckedContinuation<Data, any Error>?>(nil)
    let resume = { @Sendable (result: Result<Data, any Error>) in
      waiting.withLock { slot in
        defer { slot = nil }
        return slot
      }?.resume(with: result)
    }
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        waiting.withLock { $0 = continuation }
        if Task.isCancelled {
          resume(.failure(CancellationError()))
          return
        }
        Thread { resume(Result { try read(path) }) }.start()
      }
    } onCancel: {
      resume(.failure(CancellationError()))
    }
  }
}
