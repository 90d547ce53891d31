import CNCurses
import CTerminalRescue
import Foundation
import Wizard

/// The full-screen front end: runs a wizard on the terminal until it quits, a signal ends
/// it, or the input is gone.
///
/// One thread does everything: it waits (poll) on the keyboard, on a pipe the signal
/// handlers write to, and on the driver's pipe for store results, so a signal is acted on
/// between keys, never in the middle of one, and a slow store never holds a key up. A
/// commit under way when a signal arrives is stopped and its outcome waited for before the
/// program exits (`WizardDriver.finish`).
///
/// Input means what the person meant (DESIGN §6):
/// - Input is read in bursts and decoded by `InputDecoder`: a bracketed paste, or a burst
///   too fast to be typed, is a paste (text, never keys).
/// - Whenever an input changes what the screen shows (its `Sight`: another screen, the
///   help, Confirm's table, the gateway's units to add), the new frame is drawn before
///   anything else is read, and every input already waiting then is discarded: it was typed
///   before the person saw the screen.
/// - Confirm (and the Overview's confirmation of adding the gateway's units) also needs its
///   key to come `settleTime` after it was drawn: an Enter pressed twice, or arriving late
///   over a slow link, is set aside with a note.
/// - While the window is too small to show the wizard, only Ctrl-C acts.
public final class CursesFrontEnd {
  private let environment: [String: String]
  /// Consecutive reads that found the input readable yet returned nothing: the link is gone.
  static let readErrorLimit = 3
  /// How long a burst waits for more input that follows it (a paste arriving in pieces).
  static let burstGapMilliseconds: Int32 = 10
  /// A bracketed paste whose end marker has not come after this long is closed as it is.
  static let pasteQuietMilliseconds: Int32 = 1000
  /// Confirm's buttons act only on a key pressed this long after it was drawn.
  public static let settleTime: Duration = .milliseconds(500)
  /// How long a key's frame waits for the reads the key started (the window End moved to):
  /// a store that answers within it is drawn once, with the rows, where the frame without
  /// them would be sent first and overwritten a moment later (twice the bytes and the
  /// time); a slower store gets that frame at once, as before.
  static let readWait: Duration = .milliseconds(20)

  private var decoder = InputDecoder()
  private var drawnSight: Sight?
  private var settledAt: ContinuousClock.Instant?
  /// When input was last read, to tell a paste gone quiet from a "Working…" wake-up.
  private var lastInputAt = ContinuousClock.now
  private var player: WalkthroughPlayer?
  private let recording: Recording?
  private var recorder: AsciicastRecorder?

  /// Where to record the session (`--record`), and whether typed codes are masked there
  /// (on a real store; the demo's codes are no secret).
  public struct Recording: Sendable {
    public var path: String
    public var masksCodes: Bool
    public init(path: String, masksCodes: Bool) {
      self.path = path
      self.masksCodes = masksCodes
    }
  }

  /// Why a walkthrough stopped (an `expect` that timed out), to print once the screen is
  /// restored; `nil` otherwise.
  public private(set) var failure: Walkthrough.Failure?

  /// - Parameters:
  ///   - walkthrough: a script to play through this front end (`--script`), at `speed`.
  ///   - recording: record every frame as an asciicast v2 file (`--record`).
  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    walkthrough: Walkthrough? = nil, speed: Double = 1, recording: Recording? = nil
  ) {
    self.environment = environment
    player = walkthrough.map { WalkthroughPlayer($0, speed: speed) }
    self.recording = recording
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

    TerminalLocale.adopt(environment: environment)
    let screen = try CursesScreen(environment: environment)
    defer { screen.end() }
    if let recording {
      recorder = try AsciicastRecorder(
        path: recording.path, size: screen.size, title: "smartconnect",
        term: environment["TERM"] ?? "")
    }
    driver.start()
    // A store that answers within the "Working…" delay gets a full first frame.
    driver.waitUntilIdle(limit: WizardDriver.workingAfter)
    _ = driver.tick()
    present(driver, on: screen)
    return loop(driver, screen: screen, signals: signals)
  }

  private func loop(_ driver: WizardDriver, screen: CursesScreen, signals: SignalWatch) -> Int32 {
    // Every way out first settles a write under way (`finish`), so the program never ends
    // in the middle of one and `exitReport` can say what was written.
    defer { driver.finish() }
    var readErrors = 0
    while true {
      // A walkthrough's next input (or, in `scriptWake`, when it is due).
      if player != nil, let status = play(driver, screen: screen) { return status }
      var fds = [
        pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0),
        pollfd(fd: driver.wakeDescriptor, events: Int16(POLLIN), revents: 0),
      ]
      // Wake when "Working…" is due for a call still under way, or a paste went quiet.
      let workingDue = driver.tick().map { Int32(clamping: $0.milliseconds + 1) }
      let pasteDue = decoder.inPaste ? Self.pasteQuietMilliseconds : nil
      // And when a walkthrough's next input is due.
      let scriptDue = scriptWake.map {
        max(0, Int32(clamping: Int((($0 - ContinuousClock.now) / .milliseconds(1)).rounded(.up))))
      }
      // And at the next minute, for the clock (title bar, expiring marks, start dates).
      let minuteDue = Self.untilNextMinute(Date())
      let timeout = [workingDue, pasteDue, scriptDue, minuteDue].compactMap { $0 }.min() ?? -1
      let ready = poll(&fds, 3, timeout)
      if ready < 0 {
        if errno == EINTR { continue }  // the handler wrote to the pipe: read it next time
        return 128 + SIGHUP
      }
      var events: [InputEvent] = []
      if ready == 0, decoder.inPaste,
        ContinuousClock.now - lastInputAt >= .milliseconds(Int(Self.pasteQuietMilliseconds))
      {
        events = decoder.endPaste()  // the end marker never came
      }
      // A store result first: a screen it brings up is drawn before any key is read for it
      // (and what was typed before that is discarded, as for a key's new screen).
      if fds[2].revents != 0, driver.receive() { present(driver, on: screen) }
      let wasWorking = driver.state.working
      _ = driver.tick()
      if driver.state.working != wasWorking { present(driver, on: screen) }
      // A new minute: one small repaint (curses sends only the cells that changed).
      if Self.minute(Date()) != shownMinute {
        shownMinute = Self.minute(Date())
        if driver.tickClock() { present(driver, on: screen) }
      }
      if fds[1].revents != 0 {
        for signal in signals.drain() {
          switch signal {
          // A new size is taken before any key read with it: no key acts on a screen that
          // was not shown at the size it arrived at.
          case SIGWINCH: events.append(.resize)
          case let other: return 128 + other
          }
        }
      }
      if fds[0].revents != 0 {
        let burst = readBurst(screen)
        lastInputAt = .now
        // Readable but nothing read: end of file or an error (the SSH link dropped).
        readErrors = burst.isEmpty ? readErrors + 1 : 0
        if readErrors >= Self.readErrorLimit { return 128 + SIGHUP }
        events += decoder.decode(burst)
      }
      if let status = handle(events, driver: driver, screen: screen) { return status }
    }
  }

  private var scriptWake: ContinuousClock.Instant?
  private var shownMinute = CursesFrontEnd.minute(Date())

  /// The wall clock's minute (only to know when to tick; the wizard reads its own clock).
  static func minute(_ date: Date) -> Int { Int(date.timeIntervalSince1970 / 60) }

  /// Milliseconds until the wall clock's next minute, plus a little so it has come.
  static func untilNextMinute(_ date: Date) -> Int32 {
    let seconds = date.timeIntervalSince1970
    let next = (seconds / 60).rounded(.down) * 60 + 60
    return Int32(((next - seconds) * 1000).rounded(.up)) + 5
  }

  /// Plays the walkthrough's inputs that are due; the exit status when it ended the run (0
  /// at its end or when the wizard quit, 1 when an `expect` failed).
  private func play(_ driver: WizardDriver, screen: CursesScreen) -> Int32? {
    scriptWake = nil
    // A presenter reads the Confirm screen before pressing on: the script waits for it to
    // settle, whatever its speed.
    if let settledAt, ContinuousClock.now < settledAt {
      scriptWake = settledAt
      return nil
    }
    // Nor does a presenter type on while the store is still answering (a list still
    // loading): the result's wake-up comes first.
    if driver.isBusy {
      scriptWake = .now + .milliseconds(20)
      return nil
    }
    while var current = player {
      let next = current.next(now: .now) { driver.render(size: screen.size).text }
      player = current
      switch next {
      case .input(let event):
        if let status = handle([event], driver: driver, screen: screen) { return status }
      case .sleep(let until):
        scriptWake = until
        return nil
      case .failed(let message):
        failure = message
        return 1
      case .done:
        return 0
      }
    }
    return nil
  }

  /// Acts on one burst's events in order; the exit status when the wizard quit.
  private func handle(_ events: [InputEvent], driver: WizardDriver, screen: CursesScreen)
    -> Int32?
  {
    var resized = false
    var repaint = false
    var changed = false
    for event in events {
      switch event {
      case .resize:
        resized = true
        continue
      case .key(.redraw):
        repaint = true
        continue
      default: break
      }
      // A burst of resize events becomes one new size, taken before the next key acts.
      if resized {
        screen.updateSize()
        resized = false
        if present(driver, on: screen) { return nil }
      }
      let size = screen.size
      let fits = size.width >= Size.minimum.width && size.height >= Size.minimum.height
      let settling = settledAt.map { ContinuousClock.now < $0 } ?? false
      guard
        let action = InputGate.action(
          for: event, in: driver.state, fits: fits, settling: settling)
      else { continue }
      if driver.send(action) == .quit { return 0 }
      changed = true
      // A new screen is drawn at once; what was typed before it is not for it.
      if driver.state.sight != drawnSight {
        _ = present(driver, on: screen)
        return nil
      }
    }
    if resized { screen.updateSize() }
    if resized || repaint || changed {
      if driver.isOnlyReading { driver.waitUntilIdle(limit: Self.readWait) }
      present(driver, on: screen, repaint: repaint)
    }
    return nil
  }

  /// Draws the current frame. When it shows a new sight, input already waiting is discarded
  /// and, on Confirm, the buttons settle; returns whether the sight was new.
  @discardableResult
  private func present(_ driver: WizardDriver, on screen: CursesScreen, repaint: Bool = false)
    -> Bool
  {
    let size = screen.size
    screen.draw(driver.render(size: size), repaint: repaint)
    if let recorder {
      recorder.record(render(driver.state, size, maskingCodes: recording?.masksCodes ?? true))
    }
    let fits = size.width >= Size.minimum.width && size.height >= Size.minimum.height
    // A screen too small to show the wizard is no sight: what shows again is new again.
    let sight = fits ? driver.state.sight : nil
    guard sight != drawnSight else { return false }
    drawnSight = sight
    screen.discardWaitingInput()
    decoder.reset()
    settledAt = sight?.writesOnEnter == true ? ContinuousClock.now + Self.settleTime : nil
    return true
  }

  /// Everything readable now, extended while more follows within `burstGapMilliseconds`
  /// when it already looks like a paste (or is inside a bracketed one).
  private func readBurst(_ screen: CursesScreen) -> [CursesInput] {
    var burst: [CursesInput] = []
    while true {
      while let input = screen.read() { burst.append(input) }
      let pasteLike = decoder.inPaste || burst.count >= 2
      guard pasteLike, burst.count < 4 * InputDecoder.maxPasteLength else { return burst }
      var more = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      guard poll(&more, 1, Self.burstGapMilliseconds) > 0 else { return burst }
      let before = burst.count
      while let input = screen.read() { burst.append(input) }
      if burst.count == before { return burst }  // readable but empty: the caller decides
    }
  }
}

extension Duration {
  /// Whole milliseconds, rounded down.
  var milliseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1000 + attoseconds / 1_000_000_000_000_000
  }
}
