import Foundation
import Wizard

/// Plays a `Walkthrough` in time: hands the run loop one input at a time, as a presenter
/// would type it, and checks `expect` against the screen. Pure apart from the instants it is
/// given, so it is unit-tested.
public struct WalkthroughPlayer: Sendable {
  /// What the run loop does next.
  public enum Next: Equatable, Sendable {
    /// Act on this input now.
    case input(InputEvent)
    /// Nothing until then (or until some other input comes).
    case sleep(until: ContinuousClock.Instant)
    /// An `expect` timed out: where, what, and what the screen showed.
    case failed(Walkthrough.Failure)
    /// The script is over.
    case done
  }

  enum Item: Equatable, Sendable {
    case input(InputEvent, pause: Duration)
    case wait(Duration)
    case expect(String, timeout: Duration, line: Int)
  }

  /// Between keys typed by `type`, and after a `key` or `paste`, at speed 1.
  static let keystroke = Duration.milliseconds(60)
  static let afterKey = Duration.milliseconds(250)

  let file: String
  let items: [Item]
  private var index = 0
  private var readyAt: ContinuousClock.Instant?
  private var deadline: ContinuousClock.Instant?

  /// `speed` divides every pause (2 plays twice as fast); `expect` timeouts stay as written.
  public init(_ walkthrough: Walkthrough, speed: Double) {
    file = walkthrough.file
    let scale = { (duration: Duration) in duration / max(speed, 0.01) }
    var items: [Item] = []
    for (line, command) in walkthrough.commands {
      switch command {
      case .type(let text):
        for character in text {
          let key: Key =
            character == " " ? .space : character == "\n" ? .enter : .character(character)
          items.append(.input(.key(key), pause: scale(Self.keystroke)))
        }
      case .keys(let keys):
        items += keys.map { .input(.key($0), pause: scale(Self.afterKey)) }
      case .paste(let text):
        items.append(.input(.paste(text), pause: scale(Self.afterKey)))
      case .wait(let duration):
        items.append(.wait(scale(duration)))
      case .expect(let text, let timeout):
        items.append(.expect(text, timeout: timeout, line: line))
      }
    }
    self.items = items
  }

  /// The next thing to do at `now`; `screen` gives the text on screen for `expect`.
  public mutating func next(now: ContinuousClock.Instant, screen: () -> String) -> Next {
    while index < items.count {
      if let readyAt, now < readyAt { return .sleep(until: readyAt) }
      switch items[index] {
      case .input(let event, let pause):
        index += 1
        readyAt = now + pause
        return .input(event)
      case .wait(let duration):
        // From when the step before was due, so a late wake-up does not stretch the pause.
        index += 1
        readyAt = (readyAt ?? now) + duration
      case .expect(let text, let timeout, let line):
        let shown = screen()
        if shown.contains(text) {
          index += 1
          deadline = nil
          continue
        }
        let limit = deadline ?? now + timeout
        deadline = limit
        if now >= limit {
          return .failed(
            Walkthrough.Failure(
              file: file, line: line, expected: text, timeout: timeout, screen: shown))
        }
        return .sleep(until: min(now + .milliseconds(50), limit))
      }
    }
    return .done
  }
}
