import Foundation
import Localization
import SubscriptionStore
import Subscriptions

/// The whole wizard as one value: which screen is up and what each screen holds.
///
/// Every screen keeps its own part even while another is shown, so going back one screen
/// (Esc) finds what was typed there. Only `reduce(_:_:)` changes it.
public struct State: Equatable, Sendable {
  /// The screen on top.
  public var screen: Screen = .overview
  /// The instant statuses and projections are computed at (from the runner's clock).
  public var now: Date
  /// The terminal size the lists are windowed for.
  public var size: Size = .minimum
  /// The language every screen is drawn in (`--lang`, else the locale).
  public var language: Language = .english
  /// The help overlay is up.
  public var showingHelp = false
  /// Codes a presenter can type (`--demo`), shown as a hint on Activate Code.
  public var demoCodes: [String]
  /// Every activated plan, newest activation first, as last read from the store.
  public var plans: [ActivatedPlan] = []
  /// A store failure while loading, shown until the next successful load.
  public var loadError: StoreError?
  /// Why the last input did nothing (a paste where text has no place, a press that came
  /// before the screen could be read); shown in place of the key line until the next key.
  public var notice: Notice?
  /// A store call has run longer than `WizardDriver.workingAfter`: the key line says
  /// "Working…" (set by the runtime, not by a key).
  public var working = false

  /// Each screen's part, kept while another screen is up.
  public var overview = OverviewState()
  /// Activate Code.
  public var activate = ActivateState()
  /// Your activated plans.
  public var choosePlan = ChoosePlanState()
  /// Assign to device.
  public var assign = AssignState()
  /// Confirm assigned plan.
  public var confirm = ConfirmState()
  /// Success.
  public var success = SuccessState()
  /// The UPS units the gateway's upsd serves (NUT), when it answered.
  public var gateway = GatewayState()

  /// The wizard before anything is loaded: the Overview, empty.
  public init(now: Date, demoCodes: [String] = [], size: Size = .minimum) {
    self.now = now
    self.demoCodes = demoCodes
    self.size = size
  }

  /// The activated plans that can still be assigned, in store order.
  public var plansWithSeatsLeft: [ActivatedPlan] { plans.filter { $0.seatsLeft > 0 } }
}

/// A short note about input that was set aside (the renderer holds the words).
public enum Notice: Equatable, Sendable {
  /// A paste on a screen without a text field: pasted text never acts as keys.
  case pasteIgnored
  /// A paste on Activate Code in which no code-shaped piece was found.
  case noCodeInPaste
  /// Enter or Space reached a button before the screen could have been read.
  case pressedTooEarly
}

/// The screens, in wizard order.
public enum Screen: Int, Hashable, Sendable, CaseIterable {
  case overview, activateCode, activatedPlans, assignToDevice, confirm, success

  /// The portal's title.
  public var title: String {
    switch self {
    case .overview: "Subscription Overview"
    case .activateCode: "Activate Code"
    case .activatedPlans: "Your activated plans"
    case .assignToDevice: "Assign to device"
    case .confirm: "Confirm assigned plan"
    case .success: "Success"
    }
  }

  /// `1` … `5` for the dialogs, `nil` for the Overview.
  public var step: Int? { self == .overview ? nil : rawValue }

  /// The buttons at the foot of the dialog, left to right.
  public var buttons: [Button] {
    switch self {
    case .overview: []
    case .activateCode, .activatedPlans, .assignToDevice: [.back, .next, .cancel]
    case .confirm: [.back, .confirm, .cancel]
    case .success: [.continue, .overview]
    }
  }
}

/// A dialog button.
public enum Button: String, Hashable, Sendable, CaseIterable {
  case back, next, confirm, cancel, `continue`, overview

  /// As drawn: `< Next >`.
  public var label: String {
    switch self {
    case .back: "< Back >"
    case .next: "< Next >"
    case .confirm: "< Confirm >"
    case .cancel: "< Cancel >"
    case .continue: "< Continue >"
    case .overview: "< Overview >"
    }
  }
}

/// Where the keyboard goes in a dialog: its content (text field or list) or a button.
public enum DialogFocus: Hashable, Sendable {
  case content
  case button(Button)
}
