import SubscriptionStore
import Subscriptions

/// What a write that was under way when the wizard ended came to: a value the command line
/// turns into words (`Words.text(_:_:)`) after the screen is gone.
public enum ExitReport: Equatable, Sendable {
  /// The confirm was written: these devices got their licenses.
  case committed(devices: [String])
  /// The confirm was stopped before it was written.
  case confirmStopped
  /// The link dropped while the confirm was being committed; the store looked it up.
  case connectionLost(StoreError)
  /// The code was activated, none of its seats assigned.
  case codeActivated(masked: String)
  /// The activation was stopped before it was written.
  case activationStopped
  /// The gateway's units were added, these serials.
  case gatewayAdded(serials: [String])
  /// Adding the gateway's units was stopped before it was written.
  case gatewayAddStopped
}
