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
}

extension State {
  /// The sight this state shows (see `Sight`).
  public var sight: Sight {
    var confirm = screen == .confirm ? self.confirm : nil
    // Scrolling and focus are part of the same sight.
    confirm?.top = 0
    confirm?.focus = .button(.confirm)
    return Sight(screen: screen, showingHelp: showingHelp, confirm: confirm)
  }
}
