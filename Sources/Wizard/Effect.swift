import Foundation
import SubscriptionStore
import Subscriptions

/// Work the reducer asks for, as data. The runner (`WizardDriver`) performs it against the
/// store and feeds the result back as an `Action`.
public enum Effect: Equatable, Sendable {
  /// → `.plansLoaded`.
  case loadPlans
  /// → `.devicesCounted`.
  case countDevices(ListID, filter: String)
  /// → `.devicesLoaded` with each device's licenses. `offset` is the index in the list of
  /// the window's first row (of its last row plus one less its limit, when read backwards).
  case loadDevices(ListID, filter: String, offset: Int, window: DeviceWindow)
  /// → `.codeActivated` or `.codeRefused` for that line.
  case activate(line: Int, code: ActivationCode)
  /// Reads the clock and the licenses of these devices → `.confirmPrepared`.
  case prepareConfirm(serials: [String])
  /// Writes the assignments (all or none), confirmed at the runner's clock, provided the
  /// store still finds the dates shown (`expected`) → `.committed` or `.commitRefused`.
  case commit(planID: Int64, serials: [String], expected: [String: Projection])
  /// Asks the gateway's upsd for its units, beside the store's effects → `.gatewayScanned`.
  case scanGateway
  /// Reads the fleet's devices with these serials and their licenses → `.gatewayDevicesRead`.
  case readGatewayDevices(serials: [String])
  /// Adds the gateway's units the fleet lacks, all or none → `.gatewayDevicesAdded` or
  /// `.gatewayAddRefused`.
  case addGatewayDevices([Device])
  /// The wizard is done.
  case quit
}
