import Foundation
import SubscriptionStore
import Subscriptions

/// What a front end (curses or plain) drives: feed it keys, ask it for frames.
///
/// It owns the wizard's state and performs the reducer's effects against the store, feeding
/// their results back as actions.
///
/// CONTRACT for the front ends (issue 5) — keep these signatures:
/// - `init(store:clock:operatorName:host:demoCodes:)`
/// - `start()` once before the first frame (loads the Overview)
/// - `handle(_ key: Key) -> Outcome`
/// - `render(size:) -> ScreenBuffer`
public final class WizardDriver {
  public enum Outcome: Equatable, Sendable {
    case running
    case quit
  }

  let store: any SubscriptionStoring
  let clock: () -> Date
  let operatorName: String
  let host: String
  let demoCodes: [String]

  public init(
    store: any SubscriptionStoring, clock: @escaping () -> Date, operatorName: String,
    host: String, demoCodes: [String] = []
  ) {
    self.store = store
    self.clock = clock
    self.operatorName = operatorName
    self.host = host
    self.demoCodes = demoCodes
  }

  /// Loads what the first screen shows.
  public func start() {}

  /// Handles one key; `.quit` when the wizard is done.
  public func handle(_ key: Key) -> Outcome {
    switch key {
    case .interrupt, .character("q"): .quit
    default: .running
    }
  }

  /// The current screen at `size` (the too-small message below 80×24).
  public func render(size: Size) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: size)
    buffer.write("Subscription Overview (placeholder until issue 4 lands)", row: 0, column: 0,
                 role: .title)
    return buffer
  }
}
