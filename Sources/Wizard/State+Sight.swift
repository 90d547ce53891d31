import Subscriptions

/// What a person must have seen before a key may act on a screen: which screen, whether the
/// help covers it, and on Confirm what exactly would be written.
///
/// A front end compares the sight of the state with the sight it last drew: when they
/// differ, the new frame is drawn before any further input is taken, and input that was
/// already waiting is discarded (it was typed for a screen the person had not seen).
public struct Sight: Equatable, Sendable {
  public var screen: Screen
  public var showingHelp: Bool
  /// Confirm's table and state: new dates or a refusal make a new sight, so an Enter meant
  /// for the old table never confirms the new one.
  public var confirm: ConfirmState?
  /// The units the Overview's confirmation would add from the gateway: what Enter writes
  /// there, so another list is another sight.
  public var gatewayAdd: [Device]?

  /// Whether Enter here writes to the store, and so must come after the frame settled.
  public var writesOnEnter: Bool { !showingHelp && (screen == .confirm || gatewayAdd != nil) }
}

extension State {
  /// The sight this state shows (see `Sight`).
  public var sight: Sight {
    var confirm = screen == .confirm ? self.confirm : nil
    // Scrolling and focus are part of the same sight.
    confirm?.top = 0
    confirm?.focus = .button(.confirm)
    let gatewayAdd = screen == .overview && gateway.confirming ? gateway.newUnits : nil
    return Sight(screen: screen, showingHelp: showingHelp, confirm: confirm, gatewayAdd: gatewayAdd)
  }
}
