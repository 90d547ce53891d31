import CTerminalRescue
import Foundation

/// SIGINT, SIGTERM, SIGHUP and SIGWINCH turned into bytes on a pipe, so one poll loop can
/// wait for the keyboard and for signals together and act on a signal between inputs,
/// never in the middle of a write.
final class SignalWatch {
  /// The read end: readable when a signal arrived.
  let descriptor: Int32
  private let writeEnd: Int32

  init() throws(TerminalError) {
    var ends: [Int32] = [-1, -1]
    guard sc_rescue_open_pipe(&ends) == 0 else {
      throw .cannotWatchSignals(reason: String(cString: strerror(errno)))
    }
    descriptor = ends[0]
    writeEnd = ends[1]
    guard sc_rescue_forward_signals(writeEnd) == 0 else {
      let reason = String(cString: strerror(errno))
      sc_rescue_release_signals()
      Glibc.close(ends[0])
      Glibc.close(ends[1])
      throw .cannotWatchSignals(reason: reason)
    }
  }

  private var closed = false

  deinit { close() }

  /// Puts back the default actions and closes the pipe.
  func close() {
    guard !closed else { return }
    closed = true
    sc_rescue_release_signals()
    Glibc.close(descriptor)
    Glibc.close(writeEnd)
  }

  /// The signals that arrived since the last call, in order.
  func drain() -> [Int32] {
    var bytes = [UInt8](repeating: 0, count: 64)
    var signals: [Int32] = []
    while true {
      let count = read(descriptor, &bytes, bytes.count)
      guard count > 0 else { return signals }
      signals += bytes.prefix(count).map { Int32($0) }
    }
  }
}
