import Wizard

/// What an input may do, given what the person can see (DESIGN §6, "nothing acts unseen").
///
/// - While the screen is too small to show the wizard, only Ctrl-C acts (resizing and
///   Ctrl-L are the terminal's own and never reach here).
/// - A key that would press a button (Enter, Space on a button) while the screen is still
///   settling (just drawn, see `CursesFrontEnd.settleTime`) is set aside with a note.
/// - Otherwise keys mean what `KeyMap` says, and a paste is `.pasted` (text, never keys).
public enum InputGate {
  public static func action(
    for event: InputEvent, in state: State, fits: Bool, settling: Bool
  ) -> Action? {
    let action: Action?
    switch event {
    case .key(.interrupt): return .interrupted
    case .resize: return nil
    case _ where !fits: return nil
    case .key(let key): action = KeyMap.action(for: key, in: state)
    case .paste(let text): action = KeyMap.action(forPaste: text, in: state)
    }
    if settling, action?.pressesButton == true { return .pressedTooEarly }
    return action
  }
}
