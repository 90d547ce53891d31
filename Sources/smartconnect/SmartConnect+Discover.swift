import ArgumentParser
import Foundation
import SubscriptionStore
import Subscriptions
import UPSDiscovery

extension SmartConnect.DeviceCommand {
  /// Finds the UPS units Network UPS Tools' upsd serves, and adds the new ones.
  struct Discover: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "discover",
        abstract: CommandLanguage.tr(
          "Find the UPS units that NUT's upsd serves, and add those the fleet lacks."),
        discussion: CommandLanguage.tr(
          "Asks each upsd (default: the one SMARTCONNECT_NUT names, else localhost:3493) for its units and their serial, model, manufacturer and status, and says whether the fleet has each serial already. With --add, the units the fleet lacks are added, all or none, named by their ups.conf description (else their NUT name); a unit that reports no serial is listed and skipped. STARTTLS is used when upsd offers it. The password of --nut-user comes from SMARTCONNECT_NUT_PASSWORD, else a prompt that does not echo.")
      )
    }

    @OptionGroup var global: GlobalOptions

    @Option(
      name: .customLong("nut"),
      help: ArgumentHelp(
        CommandLanguage.tr(
          "An upsd to ask; repeat for several (default: the one SMARTCONNECT_NUT names, else localhost)."),
        valueName: "host[:port]"))
    var servers: [String] = []

    @Flag(help: ArgumentHelp(CommandLanguage.tr("Add the units the fleet lacks (all or none).")))
    var add = false

    @Option(help: ArgumentHelp(CommandLanguage.tr("With --add: where the added devices are.")))
    var site: String?

    @Option(
      name: .customLong("nut-user"),
      help: ArgumentHelp(
        CommandLanguage.tr("Log in to upsd as this user of upsd.users."), valueName: "user"))
    var nutUser: String?

    @Option(
      name: .customLong("nut-ca"),
      help: ArgumentHelp(
        CommandLanguage.tr(
          "Require STARTTLS and check upsd's certificate against this PEM CA file."),
        valueName: "file.pem"))
    var nutCA: String?

    @Option(
      name: .customLong("nut-timeout"),
      help: ArgumentHelp(
        CommandLanguage.tr(
          "The longest wait for a connection and for each answer, in seconds (default 2)."),
        valueName: "seconds"))
    var nutTimeout: Double = 2

    @Flag(help: ArgumentHelp(CommandLanguage.tr("Print the units as JSON.")))
    var json = false

    func validate() throws {
      for server in servers {
        if case .failure(let error) = NUTEndpoint.parse(server) {
          throw GlobalOptions.usage(.badNUTServer(error))
        }
      }
      if servers.isEmpty, case .failure(let error) = NUTSetting.read(global.environment) {
        throw GlobalOptions.usage(.badNUTEnvironment(error))
      }
      guard nutTimeout > 0, nutTimeout <= 60 else {
        throw GlobalOptions.usage(.nutTimeoutOutOfRange)
      }
      if site != nil && !add { throw GlobalOptions.usage(.siteWithoutAdd) }
      if let site {
        let probe = Device(serial: "x", name: "x", model: "", site: site)
        if let problem = DeviceCheck.problem(with: probe) {
          throw GlobalOptions.usage(.badDevice(problem))
        }
      }
      if let nutUser, nutUser.isEmpty || nutUser.unicodeScalars.contains(where: { $0.value < 0x21 }) {
        throw GlobalOptions.usage(.badNUTUser)
      }
      if let nutCA, !FileManager.default.isReadableFile(atPath: nutCA) {
        throw GlobalOptions.usage(.unreadableOptionFile(option: "--nut-ca", path: nutCA))
      }
    }

    func run() async throws {
      let client = NUTClient(
        credentials: try credentials(), tls: nutCA.map { .verified(caFile: $0) } ?? .whenOffered,
        timeout: .milliseconds(Int(nutTimeout * 1000)))
      var found: [(NUTEndpoint, DiscoveredUnit)] = []
      for endpoint in endpoints {
        do {
          found += try await client.discover(endpoint).map { (endpoint, $0) }
        } catch {
          throw Refusal(.upsdFailed(error, adding: add))
        }
      }
      let store = try await global.openStore()
      var fleet: [String: String] = [:]
      for serial in Set(found.compactMap { $0.1.serial }) {
        if let device = try await store.device(serial: serial) { fleet[serial] = device.name }
      }
      let plan = DiscoveryPlan(found: found, fleet: fleet, site: site?.trimmingCharacters(in: .whitespaces) ?? "")
      var added: [Device] = []
      if add && !plan.additions.isEmpty {
        let (additions, context) = (plan.additions, global.context())
        do {
          try await Interruption.stopping { try await store.addDevices(additions, context: context) }
        } catch let error as StoreError {
          throw Refusal(.addFailed(error))
        }
        added = plan.additions
      }
      if json {
        print(DiscoveryOutput.json(plan, added: add).text)
      } else {
        print(DiscoveryOutput.table(plan, adding: add, added: added, language: global.language))
      }
    }

    /// The upsd servers to ask: each `--nut`; without one, the server SMARTCONNECT_NUT
    /// names, else localhost. Its `off` keeps the wizard from asking on its own accord, not
    /// this command, which asks on purpose.
    var endpoints: [NUTEndpoint] {
      Self.endpoints(servers: servers, environment: global.environment)
    }

    static func endpoints(servers: [String], environment: [String: String]) -> [NUTEndpoint] {
      var given = servers.compactMap { try? NUTEndpoint.parse($0).get() }
      if servers.isEmpty {
        if case .success(.server(let endpoint)?) = NUTSetting.read(environment) {
          given = [endpoint]
        } else {
          given = [NUTEndpoint(host: "localhost")]
        }
      }
      var seen = Set<NUTEndpoint>()
      return given.filter { seen.insert($0).inserted }
    }

    /// `--nut-user` with its password from SMARTCONNECT_NUT_PASSWORD, else a silent prompt.
    func credentials() throws -> NUTClient.Credentials? {
      guard let nutUser else { return nil }
      let fromEnvironment = global.environment["SMARTCONNECT_NUT_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
      guard
        let password = fromEnvironment
          ?? SecretInput.readLine(
            prompt: CommandWords.text(.nutPasswordPrompt(user: nutUser), global.language)),
        !password.isEmpty
      else {
        throw Refusal(.noNUTPassword(user: nutUser))
      }
      return NUTClient.Credentials(username: nutUser, password: password)
    }
  }
}
