import Foundation
import Localization
import SubscriptionStore
import Subscriptions

/// What a front end (curses or plain) drives: feed it keys, ask it for frames.
///
/// It owns the wizard's `State`, maps keys to actions (`KeyMap`), runs `reduce`, and
/// performs the effects against the store synchronously, feeding each result back as an
/// action until none are left.
///
/// CONTRACT for the front ends (issue 5) — keep these signatures:
/// - `init(store:clock:operatorName:host:demoCodes:)`
/// - `start()` once before the first frame (loads the Overview)
/// - `handle(_ key: Key) -> Outcome`
/// - `render(size:) -> ScreenBuffer`
public final class WizardDriver {
  /// Whether the wizard goes on after a key.
  public enum Outcome: Equatable, Sendable {
    case running
    case quit
  }

  let store: any SubscriptionStoring
  let clock: () -> Date
  let operatorName: String
  let host: String
  let demoCodes: [String]

  /// The wizard as it stands: read it to build another front end (the plain line-by-line
  /// one), or to test.
  public private(set) var state: State
  private var quitRequested = false

  /// A wizard over `store`; `clock` gives the instant of every read and write (pinned by
  /// `--now`), `operatorName` and `host` go into the audit trail.
  public init(
    store: any SubscriptionStoring, clock: @escaping () -> Date, operatorName: String,
    host: String, demoCodes: [String] = [], language: Language = .english
  ) {
    self.store = store
    self.clock = clock
    self.operatorName = operatorName
    self.host = host
    self.demoCodes = demoCodes
    state = State(now: clock(), demoCodes: demoCodes)
    state.language = language
  }

  /// Loads what the first screen shows.
  public func start() {
    send(.started(now: clock()))
  }

  /// Handles one key; `.quit` when the wizard is done.
  public func handle(_ key: Key) -> Outcome {
    if let action = KeyMap.action(for: key, in: state) { send(action) }
    return quitRequested ? .quit : .running
  }

  /// The current screen at `size` (the too-small message below 80×24). A new size first
  /// loads the rows that became visible.
  public func render(size: Size) -> ScreenBuffer {
    if size != state.size && size.width >= Size.minimum.width
      && size.height >= Size.minimum.height
    {
      send(.resized(size))
    }
    return Wizard.render(state, size)
  }

  /// Applies `action` and performs the effects it asks for, and theirs, in order.
  /// Public so a front end that is not key-driven (the plain prompts) can speak actions.
  @discardableResult
  public func send(_ action: Action) -> Outcome {
    var queue = reduce(&state, action)
    while !queue.isEmpty {
      let effect = queue.removeFirst()
      guard let result = perform(effect) else { continue }
      queue += reduce(&state, result)
    }
    return quitRequested ? .quit : .running
  }

  /// Performs one effect against the store; the result as an action.
  func perform(_ effect: Effect) -> Action? {
    do {
      switch effect {
      case .quit:
        quitRequested = true
        return nil
      case .loadPlans:
        return .plansLoaded(try store.activatedPlans())
      case .countDevices(let id, let filter):
        return .devicesCounted(id, filter: filter, count: try store.deviceCount(filter: filter))
      case .loadDevices(let id, let filter, let offset, let limit):
        let devices = try store.devices(filter: filter, offset: offset, limit: limit)
        let licenses = try store.licenses(of: devices.map(\.serial))
        return .devicesLoaded(
          id, filter: filter, offset: offset,
          rows: devices.map { DeviceRow(device: $0, licenses: licenses[$0.serial] ?? []) })
      case .activate(let line, let code):
        do {
          return .codeActivated(line: line, try store.activate(code, context: context(clock())))
        } catch {
          return .codeRefused(line: line, error)
        }
      case .prepareConfirm(let serials):
        let now = clock()
        return .confirmPrepared(now: now, licenses: try store.licenses(of: serials))
      case .commit(let planID, let serials, let expected):
        // The instant of the confirm is now: the store compares the dates shown by day and
        // kind, so minutes spent reading the Confirm screen do not count as a change.
        do {
          return .committed(
            try store.assign(planID: planID, to: serials, expected: expected,
                             context: context(clock())))
        } catch {
          return .commitRefused(error)
        }
      }
    } catch {
      return .loadFailed(error)
    }
  }

  func context(_ now: Date) -> WriteContext {
    WriteContext(now: now, operatorName: operatorName, host: host)
  }
}
