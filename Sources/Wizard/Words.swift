import SubscriptionStore
import Subscriptions

/// The words for the wizard's values: where a `Notice` (or an error it carries) becomes a
/// sentence. The renderer and the plain prompts call it; the state never holds its output.
public enum Words {
  /// The sentence for `message`.
  public static func text(_ message: Message) -> String {
    switch message {
    case .badCode(let error): error.message
    case .store(let error): error.message
    case .noPlanWithSeatsLeft: "No activated plan has seats left. Go Back and enter a code."
    case .allSeatsChosen(let left):
      "This plan has \(left) seat\(left == 1 ? "" : "s") left. Unselect a device (Space) first."
    case .noDeviceChosen: "Select at least one device with Space, then Next."
    }
  }

  /// The note for input that was set aside (shown on the key line).
  public static func text(_ notice: Notice) -> String {
    switch notice {
    case .pasteIgnored:
      "Pasted text ignored: paste activation codes on Activate Code."
    case .noCodeInPaste:
      "No activation code found in the pasted text (XXXXX-XXXXX-XXXXX-XXXXX)."
    case .pressedTooEarly:
      "Pressed before this screen could be read: check it, then press again."
    }
  }

  /// The sentence for a store refusal or failure.
  public static func text(_ error: StoreError) -> String { text(.store(error)) }
}
