import Foundation
import UPSDiscovery
import Wizard

/// Which upsd the wizard asks for the gateway's UPS units, and the asking itself (NUT's
/// client, as `device discover` uses it, bounded at 2 s a step).
///
/// `--no-nut` asks none; `--nut HOST[:PORT]` that one; else `SMARTCONNECT_NUT` (`off`, or
/// `HOST[:PORT]`); else localhost:3493. `--demo` asks only a `--nut` given with it, so a demo
/// and every screen test show the same whether or not the machine runs upsd.
enum WizardGateway {
  /// The upsd to ask, `nil` for none; a message when what was given is not a server.
  static func endpoint(
    option: String?, disabled: Bool, demo: Bool, environment: [String: String]
  ) -> Result<NUTEndpoint?, Problem> {
    if disabled { return .success(nil) }
    if let option {
      return NUTEndpoint.parse(option).map { $0 }.mapError { Problem(message: .badNUTServer($0)) }
    }
    if demo { return .success(nil) }
    switch NUTSetting.read(environment) {
    case .failure(let error): return .failure(Problem(message: .badNUTEnvironment(error)))
    case .success(.off): return .success(nil)
    case .success(.server(let endpoint)): return .success(endpoint)
    case .success(nil): return .success(NUTEndpoint(host: "localhost"))
    }
  }

  /// A `--nut` or `SMARTCONNECT_NUT` that names no upsd, as the usage message to give.
  struct Problem: Error, Equatable {
    var message: CommandMessage
  }

  /// Asks `endpoint` for its units: each with a serial as the device it would be added as
  /// (the rule `device discover --add` follows), the others counted as skipped. Any fault
  /// (no upsd, refused, silent, broken) is `nil`: the wizard says nothing about it.
  static func scanner(_ endpoint: NUTEndpoint) -> GatewayScanner {
    {
      guard let units = try? await NUTClient(timeout: .seconds(2)).discover(endpoint) else {
        return nil
      }
      let plan = DiscoveryPlan(found: units.map { (endpoint, $0) }, fleet: [:], site: "")
      return GatewayScan(units: plan.additions, skipped: plan.rows.count - plan.additions.count)
    }
  }
}
