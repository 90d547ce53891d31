import CNCurses
import CTerminalRescue
import Foundation
import Wizard

/// The full-screen front end: runs a wizard on the terminal until it quits, a signal ends
/// it, or the input is gone.
///
/// One thread does everything: it waits (poll) on the keyboard and on a pipe the signal
/// handlers write to, so a signal is acted on between keys, never in the middle of one. A
/// commit the wizard is making when SIGHUP arrives finishes (or rolls back) before the
/// program exits.
public final class CursesFrontEnd {
  private let environment: [String: String]
  /// Consecutive reads that found the input readable yet returned nothing: the link is gone.
  static let readErrorLimit = 3

  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
  }

  /// Runs `driver` until it quits; returns the exit status: 0 when the wizard quit, 128 +
  /// the signal for SIGINT, SIGTERM or SIGHUP, 129 when the input ended (the link dropped).
  /// The terminal is restored on every way out, crashes included.
  public func run(_ driver: WizardDriver) throws(TerminalError) -> Int32 {
    // Saved before curses changes anything, for the crash handler to put back.
    _ = sc_rescue_save_modes(STDOUT_FILENO)
    // Installed before curses starts, so curses installs no handlers of its own for them.
    let signals = try SignalWatch()
    // Declared first, so it runs last: the handlers stay until curses has ended.
    defer { signals.close() }

    setlocale(LC_ALL, "")
    let screen = try CursesScreen(environment: environment)
    defer { screen.end() }
    driver.start()
    screen.draw(driver.render(size: screen.size))
    return loop(driver, screen: screen, signals: signals)
  }

  private func loop(_ driver: WizardDriver, screen: CursesScreen, signals: SignalWatch) -> Int32 {
    var readErrors = 0
    while true {
      var fds = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&fds, 2, -1)
      if ready < 0 {
        if errno == EINTR { continue }  // the handler wrote to the pipe: read it next time
        return 128 + SIGHUP
      }
      var resized = false
      if fds[1].revents != 0 {
        for signal in signals.drain() {
          switch signal {
          case SIGWINCH: resized = true
          case let other: return 128 + other
          }
        }
      }
      var repaint = false
      var changed = false
      if fds[0].revents != 0 {
        // Drain everything typed (curses may hold keys decoded from one read).
        var first = true
        while let input = screen.read() {
          first = false
          guard let event = KeyTable.event(for: input) else { continue }
          switch event {
          case .resize: resized = true
          case .key(.redraw): repaint = true
          case .key(let key):
            if driver.handle(key) == .quit { return 0 }
            changed = true
          }
        }
        // Readable but nothing read: end of file or an error (the SSH link dropped).
        readErrors = first ? readErrors + 1 : 0
        if readErrors >= Self.readErrorLimit { return 128 + SIGHUP }
      }
      // A burst of resize events becomes one new size and one frame.
      if resized { screen.updateSize() }
      if resized || repaint || changed {
        screen.draw(driver.render(size: screen.size), repaint: repaint)
      }
    }
  }
}
