import Foundation
import Localization
import SubscriptionStore
import Subscriptions

/// The wizard's runtime: what a front end (curses or plain) drives. It owns the `State`,
/// maps keys to actions (`KeyMap`), runs `reduce`, and performs the effects against the
/// store **off the input loop**: each effect runs as a task, and its result comes back as
/// an action when the front end calls `receive()` (its `wakeDescriptor` turns readable).
///
/// So a store 100 ms away never makes a key wait: the key is reduced and drawn at once, and
/// `working` turns on once a call has run for `workingAfter`. One effect runs at a time, in
/// order; a list load that a later one for the same list makes pointless is dropped before
/// it starts, a count that a new filter makes pointless is stopped while it runs, and the
/// reducer drops a list result whose filter has changed meanwhile.
///
/// Esc (or Back / Cancel) while a write is in flight cancels it; Ctrl-C cancels it and
/// quits once its outcome is known: `exitReport` then says exactly what was written.
///
/// Not thread-safe: one thread (the front end's) calls every method; the tasks only post
/// into the inbox.
public final class WizardDriver {
  /// Whether the wizard goes on after a key.
  public enum Outcome: Equatable, Sendable {
    case running
    case quit
  }

  /// How long a call runs before the screen says "Working…".
  public static let workingAfter: Duration = .milliseconds(200)

  let store: any SubscriptionStoring
  let clock: @Sendable () -> Date
  let operatorName: String
  let host: String
  let makeWriteID: @Sendable () -> UUID
  let gatewayScanner: GatewayScanner?

  /// The wizard as it stands: read it to build another front end, or to test.
  public private(set) var state: State
  private var quitRequested = false
  /// Effects waiting for the one in flight to finish.
  private var pending: [Effect] = []
  private var inFlight: (effect: Effect, task: Task<Void, Never>, since: ContinuousClock.Instant)?
  /// The gateway's upsd being asked: beside the store's effects, never in their queue, so
  /// a silent upsd (up to its 2 s bound) delays no key and no store call.
  private var scan: Task<Void, Never>?
  /// The gateway's scan was asked for and waits until the store has answered what is
  /// queued, so the first frame's reads do not share the processor with it.
  private var scanWanted = false
  private let inbox = Inbox()

  /// What to tell the person after the wizard has ended, when quitting interrupted a
  /// write: whether it was written.
  public private(set) var exitReport: ExitReport?

  /// A wizard over `store`; `clock` gives the instant of every read and write (pinned by
  /// `--now`), `operatorName` and `host` go into the audit trail, `makeWriteID` names each
  /// write (the store uses it to find out whether a write whose answer was lost landed).
  /// `gatewayScanner` asks the gateway's upsd for its units (`nil`: not asked, as in
  /// `--demo`).
  public init(
    store: any SubscriptionStoring, clock: @escaping @Sendable () -> Date, operatorName: String,
    host: String, demoCodes: [String] = [], language: Language = .english,
    makeWriteID: @escaping @Sendable () -> UUID = { UUID() },
    gatewayScanner: GatewayScanner? = nil
  ) {
    self.gatewayScanner = gatewayScanner
    self.store = store
    self.clock = clock
    self.operatorName = operatorName
    self.host = host
    self.makeWriteID = makeWriteID
    state = State(now: clock(), demoCodes: demoCodes)
    state.language = language
  }

  /// Readable when an effect's result is waiting: poll it beside the keyboard, then call
  /// `receive()`.
  public var wakeDescriptor: Int32 { inbox.readDescriptor }

  /// Whether an effect is running or waiting.
  public var isBusy: Bool { inFlight != nil || !pending.isEmpty }

  /// Whether what is running or waiting only reads (a list's window or count, the plans):
  /// no write, whose outcome a front end must show as soon as it is known.
  public var isOnlyReading: Bool {
    guard let inFlight else { return false }
    return !inFlight.effect.isWrite && !pending.contains(where: \.isWrite)
  }

  /// Reads the clock for a new minute (`--now` pins it): returns whether the screen changed.
  @discardableResult
  public func tickClock() -> Bool {
    let now = clock()
    guard now != state.now else { return false }
    send(.clockTicked(now: now))
    return true
  }

  /// Loads what the first screen shows.
  public func start() {
    send(.started(now: clock()))
  }

  /// Handles one key; `.quit` when the wizard is done.
  @discardableResult
  public func handle(_ key: Key) -> Outcome {
    if let action = KeyMap.action(for: key, in: state) { send(action) }
    return quitRequested ? .quit : .running
  }

  /// The current screen at `size` (the too-small message below 80×24). A new size first
  /// asks for the rows that became visible.
  public func render(size: Size) -> ScreenBuffer {
    if size != state.size && size.width >= Size.minimum.width
      && size.height >= Size.minimum.height
    {
      send(.resized(size))
    }
    return Wizard.render(state, size)
  }

  /// Applies `action` and queues the effects it asks for. Public so a front end that is not
  /// key-driven (the plain prompts) can speak actions.
  @discardableResult
  public func send(_ action: Action) -> Outcome {
    if let inFlight, inFlight.effect.isWrite, action.stopsAWrite {
      // Esc, Back or Cancel while a write runs: stop it. Its outcome (written after all,
      // or not) comes back as the write's own result, and the screen says which.
      inFlight.task.cancel()
      if action == .interrupted { quitRequested = true }
      return quitRequested ? .quit : .running
    }
    enqueue(reduce(&state, action))
    return quitRequested ? .quit : .running
  }

  /// Reduces the results that have come back, and starts the next effect. Returns whether
  /// anything changed on screen.
  @discardableResult
  public func receive() -> Bool {
    let results = inbox.drain()
    guard !results.isEmpty else { return false }
    for delivery in results {
      switch delivery {
      case .effect: inFlight = nil
      case .scan: scan = nil
      }
      if let action = delivery.action { enqueue(reduce(&state, action)) }
    }
    startNext()
    return true
  }

  /// Turns "Working…" on when the call in flight has run for `workingAfter`; returns how
  /// long until that is due (the front end's poll timeout), or `nil` when nothing runs.
  public func tick(at now: ContinuousClock.Instant = .now) -> Duration? {
    guard let inFlight else { return nil }
    let due = inFlight.since + Self.workingAfter
    if now >= due {
      if !state.working { state.working = true }
      return nil
    }
    return due - now
  }

  /// Waits (blocking this thread) until every effect has run and its result is reduced, or
  /// `limit` has passed: for the plain prompts, which ask their next question from the
  /// settled state, and for the first frame, drawn full when the store answers quickly.
  public func waitUntilIdle(limit: Duration? = nil) {
    let deadline = limit.map { ContinuousClock.now + $0 }
    while isBusy {
      var timeout: Int32 = -1
      if let deadline {
        let left = deadline - .now
        if left <= .zero { return }
        let (seconds, attoseconds) = left.components
        timeout = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
      }
      var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
      _ = poll(&descriptor, 1, timeout)
      receive()
    }
  }

  /// Before the program ends (a quit, a signal, the link gone): a write in flight is
  /// stopped, its outcome waited for, and `exitReport` says whether it was written; a read
  /// in flight is abandoned.
  public func finish() {
    // The gateway's scan writes nothing: it is abandoned.
    scan?.cancel()
    guard let running = inFlight else { return }
    running.task.cancel()
    pending.removeAll()
    guard running.effect.isWrite else { return }
    while inFlight != nil {
      var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
      _ = poll(&descriptor, 1, -1)
      for delivery in inbox.drain() {
        guard case .effect(let result) = delivery else { continue }
        inFlight = nil
        exitReport = result.flatMap(Self.report)
        if let result { _ = reduce(&state, result) }
      }
    }
  }

  /// What a write that was under way when the wizard ended came to.
  static func report(_ result: Action) -> ExitReport? {
    switch result {
    case .committed(let licenses): .committed(devices: licenses.map(\.device))
    case .commitRefused(let error):
      if case .connectionLost = error { .connectionLost(error) } else { .confirmStopped }
    case .codeActivated(_, let plan): .codeActivated(masked: plan.maskedCode)
    case .codeRefused: .activationStopped
    case .gatewayDevicesAdded(let devices): .gatewayAdded(serials: devices.map(\.serial))
    case .gatewayAddRefused(let error):
      if case .connectionLost = error { .connectionLost(error) } else { .gatewayAddStopped }
    default: nil
    }
  }

  /// Waits (without blocking a thread) until every effect has run, the gateway's scan
  /// included: for tests.
  public func settle() async {
    while isBusy || scan != nil {
      if let inFlight { await inFlight.task.value } else if let scan { await scan.value }
      receive()
    }
  }

  // MARK: - Running effects

  private func enqueue(_ effects: [Effect]) {
    for effect in effects {
      if effect == .quit {
        quitRequested = true
        continue
      }
      if effect == .scanGateway {
        scanWanted = true
        continue
      }
      pending.append(effect)
    }
    // A count still reading the matches of a filter typed over is stopped, not waited for:
    // with a common needle in a big fleet it reads for longer than a key takes to type.
    if let inFlight, case .countDevices = inFlight.effect,
      pending.contains(where: { $0.supersedes(inFlight.effect) })
    {
      inFlight.task.cancel()
    }
    startNext()
  }

  private func startNext() {
    guard inFlight == nil else { return }
    while !pending.isEmpty {
      let effect = pending.removeFirst()
      if pending.contains(where: { $0.supersedes(effect) }) { continue }
      let context = WriteContext(
        now: clock(), operatorName: operatorName, host: host, writeID: makeWriteID())
      let task = Task.detached { [store, inbox] in
        inbox.post(.effect(await EffectRunner.perform(effect, on: store, context: context)))
      }
      inFlight = (effect, task, .now)
      return
    }
    if state.working { state.working = false }
    if scanWanted {
      scanWanted = false
      startScan()
    }
  }

  /// Asks the gateway's upsd, once at a time; without a scanner there is nothing to ask.
  private func startScan() {
    guard let gatewayScanner, scan == nil else { return }
    scan = Task.detached { [inbox] in
      inbox.post(.scan(.gatewayScanned(await gatewayScanner())))
    }
  }
}

/// Performs effects against the store, off the front end's thread.
enum EffectRunner {
  /// Performs one effect against the store; the result as an action (`nil`: none).
  static func perform(_ effect: Effect, on store: any SubscriptionStoring, context: WriteContext)
    async -> Action?
  {
    do {
      switch effect {
      case .quit, .scanGateway:
        return nil
      case .loadPlans:
        return .plansLoaded(try await store.activatedPlans())
      case .countDevices(let id, let filter):
        return .devicesCounted(
          id, filter: filter, count: try await store.deviceCount(filter: filter))
      case .loadDevices(let id, let filter, let offset, let window):
        let rows = try await store.deviceRows(filter: filter, window: window)
        // A window read backwards ends where it was asked to, even if the list changed.
        let first = window.isReadBackwards ? offset + window.limit - rows.count : offset
        return .devicesLoaded(
          id, filter: filter, offset: first, rows: rows,
          endsTheList: !window.isReadBackwards && rows.count < window.limit)
      case .activate(let line, let code):
        do {
          return .codeActivated(line: line, try await store.activate(code, context: context))
        } catch {
          return .codeRefused(line: line, error)
        }
      case .prepareConfirm(let serials):
        return .confirmPrepared(now: context.now, licenses: try await store.licenses(of: serials))
      case .commit(let planID, let serials, let expected):
        // The instant of the confirm is now: the store compares the dates shown by day and
        // kind, so minutes spent reading the Confirm screen do not count as a change.
        do {
          return .committed(
            try await store.assign(
              planID: planID, to: serials, expected: expected, context: context))
        } catch {
          return .commitRefused(error)
        }
      case .readGatewayDevices(let serials):
        return .gatewayDevicesRead(try await gatewayRows(serials, on: store))
      case .addGatewayDevices(let devices):
        do {
          try await store.addDevices(devices, context: context)
          return .gatewayDevicesAdded(devices)
        } catch {
          return .gatewayAddRefused(error)
        }
      }
    } catch {
      // A read stopped because a later one made it pointless: nothing to say.
      if Task.isCancelled && !effect.isWrite { return nil }
      return .loadFailed(error)
    }
  }
}

extension EffectRunner {
  /// The fleet's devices with these serials (a gateway's handful), with their licenses, in
  /// the overview's order: site, name, serial.
  static func gatewayRows(_ serials: [String], on store: any SubscriptionStoring)
    async throws(StoreError) -> [DeviceRow]
  {
    var devices: [Device] = []
    for serial in Set(serials).sorted() {
      if let device = try await store.device(serial: serial) { devices.append(device) }
    }
    let licenses = try await store.licenses(of: devices.map(\.serial))
    return devices.sorted { ($0.site, $0.name, $0.serial) < ($1.site, $1.name, $1.serial) }
      .map { DeviceRow(device: $0, licenses: licenses[$0.serial] ?? []) }
  }
}

extension Effect {
  /// Whether the effect writes to the store (and so must be waited for, never abandoned).
  var isWrite: Bool {
    switch self {
    case .activate, .commit, .addGatewayDevices: true
    default: false
    }
  }

  /// Whether running `self` makes an earlier `other` pointless: a later count of the same
  /// list restarts it (and makes a window of another filter pointless: a window of the same
  /// filter is its first page, read before its count), and a later window of the same list
  /// with the same filter replaces the earlier window.
  func supersedes(_ other: Effect) -> Bool {
    switch (self, other) {
    case (.countDevices(let id, _), .countDevices(let otherID, _)):
      return id == otherID
    case (.countDevices(let id, let filter), .loadDevices(let otherID, let otherFilter, _, _)):
      return id == otherID && filter != otherFilter
    case (.loadDevices(let id, let filter, _, _), .loadDevices(let otherID, let otherFilter, _, _)):
      return id == otherID && filter == otherFilter
    default:
      return false
    }
  }
}

extension Action {
  /// Keys that mean "stop": while a write runs they cancel it instead of leaving the screen.
  var stopsAWrite: Bool {
    switch self {
    case .backPressed, .interrupted, .buttonPressed(.back), .buttonPressed(.cancel): true
    default: false
    }
  }
}

/// Where effect tasks leave their results for the front end's thread, with a pipe that
/// turns readable when something is waiting.
final class Inbox: @unchecked Sendable {
  /// A result, and which lane it comes from.
  enum Delivery {
    /// The store's effect in flight finished (`nil`: nothing to reduce).
    case effect(Action?)
    /// The gateway's scan finished.
    case scan(Action)

    var action: Action? {
      switch self {
      case .effect(let action): action
      case .scan(let action): action
      }
    }
  }

  private let lock = NSLock()
  private var results: [Delivery] = []
  private let pipeEnds: (read: Int32, write: Int32)

  init() {
    var ends: [Int32] = [-1, -1]
    // Without a pipe the front end could not wait on results; that is a broken process.
    precondition(pipe(&ends) == 0, "cannot create the wizard's wake-up pipe")
    for end in ends {
      _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
    }
    pipeEnds = (ends[0], ends[1])
  }

  deinit {
    close(pipeEnds.read)
    close(pipeEnds.write)
  }

  var readDescriptor: Int32 { pipeEnds.read }

  func post(_ result: Delivery) {
    lock.lock()
    results.append(result)
    lock.unlock()
    var byte: UInt8 = 1
    _ = write(pipeEnds.write, &byte, 1)
  }

  func drain() -> [Delivery] {
    var scratch = [UInt8](repeating: 0, count: 64)
    while read(pipeEnds.read, &scratch, scratch.count) > 0 {}
    lock.lock()
    defer { lock.unlock() }
    let drained = results
    results.removeAll()
    return drained
  }
}
