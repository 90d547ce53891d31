import Subscriptions

/// One device as a list shows it, with the licenses its status and projection come from:
/// its confirmed licenses, oldest start first.
public struct DeviceRow: Equatable, Sendable {
  public var device: Device
  public var licenses: [License]

  public init(device: Device, licenses: [License]) {
    self.device = device
    self.licenses = licenses
  }
}
