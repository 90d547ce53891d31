import Foundation
import UPSDiscovery

/// `SMARTCONNECT_NUT`, set once on a gateway whose upsd is not at localhost:3493: which upsd
/// serves this gateway's UPS units, or `off`. The wizard and `device discover` read it the
/// same way and differ only in what they do without it (`WizardGateway`, `Discover`).
enum NUTSetting: Equatable {
  /// `off` (or blank): the wizard asks no upsd of its own accord.
  case off
  /// `HOST[:PORT]`.
  case server(NUTEndpoint)

  /// What `environment` says; nil when SMARTCONNECT_NUT is not set.
  static func read(_ environment: [String: String]) -> Result<NUTSetting?, NUTEndpoint.EndpointError> {
    guard let given = environment["SMARTCONNECT_NUT"] else { return .success(nil) }
    let trimmed = given.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty || trimmed.lowercased() == "off" { return .success(.off) }
    return NUTEndpoint.parse(trimmed).map { .server($0) }
  }
}
