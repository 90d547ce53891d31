/// Asks one upsd for its units: connect, STARTTLS where offered, optional login,
/// `LIST UPS`, then `LIST VAR` for each unit, each step within a bounded time.
public struct NUTClient: Sendable {
  /// A user of upsd.users. The password is sent to upsd only, never shown.
  public struct Credentials: Hashable, Sendable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
      self.username = username
      self.password = password
    }
  }

  /// Whether and how the connection is encrypted.
  public enum TLS: Hashable, Sendable {
    /// Never ask for STARTTLS.
    case off
    /// STARTTLS when upsd offers it, else plain. The certificate is not checked (as NUT's
    /// own clients do unless told CERTVERIFY): this keeps passive listeners out, not an
    /// impostor.
    case whenOffered
    /// STARTTLS or nothing, the certificate checked against the PEM CA file and the host.
    case verified(caFile: String)
  }

  public var credentials: Credentials?
  public var tls: TLS
  /// The longest wait for the connection, and for each complete answer.
  public var timeout: Duration

  public init(credentials: Credentials? = nil, tls: TLS = .whenOffered, timeout: Duration = .seconds(2)) {
    self.credentials = credentials
    self.tls = tls
    self.timeout = timeout
  }

  /// Every unit `endpoint` serves, in upsd's order.
  public func discover(_ endpoint: NUTEndpoint) async throws(NUTError) -> [DiscoveredUnit] {
    if let credentials {
      for (part, value) in [(NUTError.Credential.username, credentials.username), (.password, credentials.password)] {
        if value.isEmpty { throw NUTError(endpoint, .badCredentials(part, .empty)) }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
          throw NUTError(endpoint, .badCredentials(part, .controlCharacter))
        }
      }
    }
    var connection = try await NUTConnection.open(endpoint, timeout: timeout)
    do throws(NUTError) {
      if tls != .off { try await connection.startTLS(tls) }
      if let credentials {
        try await connection.simple("USERNAME " + NUTWords.quoted(credentials.username), shown: "USERNAME")
        try await connection.simple("PASSWORD " + NUTWords.quoted(credentials.password), shown: "PASSWORD")
      }
      var unitsList = NUTListReader(query: ["UPS"])
      try await connection.list(&unitsList, unit: nil)
      var units: [DiscoveredUnit] = []
      for item in unitsList.items {
        let name = item[0]
        let description = item.count > 1 ? item[1] : ""
        var variables = NUTListReader(query: ["VAR", name])
        do throws(NUTError) {
          try await connection.list(&variables, unit: name)
        } catch {
          if case .refused(_, let server, _) = error.problem, server.concernsOneUnit {
            units.append(DiscoveredUnit(name: name, description: description, unavailable: server))
            continue
          }
          throw error
        }
        var values: [String: String] = [:]
        for item in variables.items where item.count >= 2 { values[item[0]] = item[1] }
        units.append(DiscoveredUnit(name: name, description: description, variables: values))
      }
      await connection.logout()
      return units
    } catch {
      await connection.close()
      throw error
    }
  }
}
