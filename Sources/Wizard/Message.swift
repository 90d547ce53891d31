import SubscriptionStore
import Subscriptions

/// Something the wizard tells the technician, as a value: what happened and its data, never
/// the sentence. The state, the reducer and its tests deal in these; only the renderer and
/// the plain prompts turn them into words (`Words`), in the technician's language.
public enum Message: Equatable, Sendable {
  /// A code's format is wrong (or nothing was typed).
  case badCode(CodeError)
  /// The store refused (unknown code, seats taken, …) or failed.
  case store(StoreError)
  /// Your activated plans: no activated plan has a seat left.
  case noPlanWithSeatsLeft
  /// Assign: every seat left is already chosen.
  case allSeatsChosen(seatsLeft: Int)
  /// Assign: Next with no device chosen.
  case noDeviceChosen
}
