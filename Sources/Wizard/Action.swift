import Foundation
import SubscriptionStore
import Subscriptions

/// What happened: a key the technician pressed (already mapped to its meaning), or the
/// result of an effect the runner performed.
public enum Action: Equatable, Sendable {
  // MARK: - From the keyboard (see `KeyMap`)

  /// The wizard came up at this instant: load the Overview.
  case started(now: Date)
  /// The terminal has a new size: windows are loaded for it.
  case resized(Size)
  /// The runner's clock reached a new minute: statuses, expiring marks, projected starts
  /// and the title bar's time are computed at `now` from here on (the wizard never reads a
  /// clock itself).
  case clockTicked(now: Date)
  /// `a` on the Overview.
  case activatePressed
  /// `q` on the Overview.
  case quitPressed
  /// Ctrl-C anywhere: quit without writing.
  case interrupted
  /// F1 or `?`: show or hide the help.
  case helpToggled
  /// Esc: back one screen (or out of the filter field).
  case backPressed
  /// Enter on a button, or a button's meaning reached another way.
  case buttonPressed(Button)
  /// Enter in a text field or a list: the screen's default button.
  case submitted
  /// Tab (`forward`) or Shift-Tab.
  case focusMoved(forward: Bool)
  /// ↑ ↓ PgUp PgDn Home End.
  case moved(Move)
  /// Space on the Assign screen: select or unselect this device (a row of the window).
  case deviceToggled(serial: String)
  /// `/` in a device list.
  case filterOpened
  /// The filter of list `id` is now `text` (typed, deleted, or answered at a prompt).
  case filterEdited(ListID, text: String)
  /// Code line `line` now holds `text` (a key typed or deleted, or a whole answer). `line`
  /// one past the last opens a new line.
  case codeEdited(line: Int, text: String)
  /// The pointer of list `id` goes to row `index` (counted from the first match).
  case rowPointed(ListID, index: Int)
  /// Your activated plans: assign plan `id` (Enter on it, or its number at a prompt).
  case planChosen(id: Int64)
  /// Text pasted (bracketed by the terminal, or a burst of input too fast to be typed):
  /// text, never keys. On Activate Code its codes fill the code lines; elsewhere a note.
  case pasted(String)
  /// Enter or Space on a button before the screen could have been read: set aside, with a
  /// note (the front end decides what "too early" is).
  case pressedTooEarly
  /// `g` on the Overview: the confirmation of adding the gateway's units the fleet lacks.
  case gatewayAddOpened
  /// Enter on that confirmation: add them.
  case gatewayAddConfirmed
  /// `g` on Assign: show only the devices the gateway's upsd serves, or all again.
  case gatewayFilterToggled

  /// Whether this action comes from the person (keys, a paste) rather than the runner.
  public var isInput: Bool {
    switch self {
    case .started, .resized, .clockTicked, .plansLoaded, .devicesCounted, .devicesLoaded, .codeActivated,
      .codeRefused, .confirmPrepared, .committed, .commitRefused, .loadFailed, .gatewayScanned,
      .gatewayDevicesRead, .gatewayDevicesAdded, .gatewayAddRefused:
      false
    default: true
    }
  }

  /// Whether this action presses a button (Enter or Space on one, or a screen's default).
  public var pressesButton: Bool {
    switch self {
    case .buttonPressed, .submitted, .gatewayAddConfirmed: true
    default: false
    }
  }

  // MARK: - From the runner

  case plansLoaded([ActivatedPlan])
  case devicesCounted(ListID, filter: String, count: Int)
  /// `endsTheList`: a window read forwards came back short, so the list ends with its last
  /// row (its count is known without waiting for the count).
  case devicesLoaded(
    ListID, filter: String, offset: Int, rows: [DeviceRow], endsTheList: Bool = false)
  case codeActivated(line: Int, ActivatedPlan)
  case codeRefused(line: Int, StoreError)
  /// The licenses of the chosen devices, read at `now`, for the Confirm table.
  case confirmPrepared(now: Date, licenses: [String: [License]])
  case committed([License])
  case commitRefused(StoreError)
  /// A read failed; the message is shown and nothing changes.
  case loadFailed(StoreError)
  /// What the gateway's upsd serves; `nil`: no upsd answered.
  case gatewayScanned(GatewayScan?)
  /// The fleet's devices among the gateway's units, in overview order.
  case gatewayDevicesRead([DeviceRow])
  case gatewayDevicesAdded([Device])
  case gatewayAddRefused(StoreError)
}
