import Foundation

/// Whole lines from standard input, for the plain front end, while watching for signals.
///
/// The terminal stays in its own (cooked) mode: the line discipline edits the line, so a
/// serial console or a screen reader works as it always does.
final class LineInput {
  /// Why no line came.
  enum End: Error, Equatable {
    /// End of file (Ctrl-D, a closed pipe, a dropped link).
    case endOfInput
    /// SIGINT, SIGTERM or SIGHUP.
    case signal(Int32)
  }

  private let descriptor: Int32
  private let signals: SignalWatch
  private var pending: [UInt8] = []
  private var ended = false

  init(descriptor: Int32 = STDIN_FILENO, signals: SignalWatch) {
    self.descriptor = descriptor
    self.signals = signals
  }

  /// Forgets every line already typed and not yet read (type-ahead), in this buffer and in
  /// the terminal driver's.
  func discardWaiting() {
    pending = []
    if isatty(descriptor) == 1 { tcflush(descriptor, TCIFLUSH) }
  }

  /// The next line without its newline, or why there is none.
  func readLine() -> Result<String, End> {
    while true {
      if let newline = pending.firstIndex(of: 0x0A) {
        var line = Array(pending[..<newline])
        pending.removeSubrange(...newline)
        if line.last == 0x0D { line.removeLast() }
        return .success(String(decoding: line, as: UTF8.self))
      }
      if ended {
        guard !pending.isEmpty else { return .failure(.endOfInput) }
        defer { pending = [] }
        return .success(String(decoding: pending, as: UTF8.self))
      }
      var fds = [
        pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
        pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0),
      ]
      if poll(&fds, 2, -1) < 0 {
        if errno == EINTR { continue }
        return .failure(.endOfInput)
      }
      if fds[1].revents != 0 {
        for signal in signals.drain() where signal != SIGWINCH { return .failure(.signal(signal)) }
      }
      guard fds[0].revents != 0 else { continue }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let count = read(descriptor, &buffer, buffer.count)
      if count > 0 {
        pending += buffer.prefix(count)
      } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
        ended = true
      }
    }
  }
}
