import Foundation
import SubscriptionStore

extension PostgresLocation {
  /// What a location depends on besides its URL: libpq's environment variables, the user's
  /// name and home folder, and the files in it (`~/.pgpass`, `~/.postgresql/root.crt`).
  public struct Surroundings: Sendable {
    public var environment: [String: String]
    /// The login name, libpq's default user (and so database).
    public var osUser: String
    /// `HOME`, else the password database's home folder.
    public var home: String?

    public init(environment: [String: String], osUser: String, home: String?) {
      self.environment = environment
      self.osUser = osUser
      self.home = home
    }

    /// This process's surroundings.
    public static func current(environment: [String: String]) -> Surroundings {
      let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
      return Surroundings(environment: environment, osUser: NSUserName(), home: home)
    }

    func variable(_ name: String) -> String? {
      environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
  }

  /// Reads `text` as libpq reads a connection URI, filling in what it leaves out from the
  /// surroundings. `warnings` are for stderr (an ignored password file, as libpq warns).
  public static func parse(_ text: String, _ surroundings: Surroundings)
    throws(PostgresLocationError) -> (location: PostgresLocation, warnings: [PasswordFileWarning])
  {
    let parts = try URLParts(text)
    let env = surroundings
    func given(_ key: String) -> String? { parts.parameters[key].flatMap { $0.isEmpty ? nil : $0 } }

    let user = given("user") ?? parts.user ?? env.variable("PGUSER") ?? env.osUser
    let host = given("host") ?? parts.host ?? env.variable("PGHOST") ?? "localhost"
    let portText = given("port") ?? parts.port ?? env.variable("PGPORT") ?? "5432"
    let database = given("dbname") ?? parts.database ?? env.variable("PGDATABASE") ?? user
    let sslText = given("sslmode") ?? env.variable("PGSSLMODE") ?? "prefer"
    let rootText = given("sslrootcert") ?? env.variable("PGSSLROOTCERT")
    let timeoutText = given("connect_timeout") ?? env.variable("PGCONNECT_TIMEOUT")

    var location = PostgresLocation(
      user: user, password: nil, passwordSource: nil, host: host, port: 5432, database: database, sslMode: .prefer,
      sslRootCert: rootText, connectTimeout: defaultConnectTimeout,
      applicationName: given("application_name"), displayName: "")
    location.displayName = display(scheme: parts.scheme, location, sslModeText: sslText)
    func refuse(_ reason: StoreReason) -> PostgresLocationError {
      PostgresLocationError(shown: location.displayName, reason: reason)
    }
    guard let port = Int(portText), (1...65535).contains(port) else {
      throw refuse(.badPort(portText))
    }
    location.port = port
    guard let mode = SSLMode(rawValue: sslText) else {
      throw refuse(.unknownSSLMode(sslText))
    }
    location.sslMode = mode
    if let timeoutText {
      guard let seconds = Int(timeoutText) else {
        throw refuse(.badConnectTimeout(timeoutText))
      }
      location.connectTimeout =
        seconds <= 0 ? defaultConnectTimeout : max(seconds, minimumConnectTimeout)
    }
    location.displayName = display(scheme: parts.scheme, location, sslModeText: sslText)

    var warnings: [PasswordFileWarning] = []
    if let password = given("password") ?? parts.password {
      location.password = password
      location.passwordSource = .url
    } else if let password = env.variable("PGPASSWORD") {
      location.password = password
      location.passwordSource = .environment
    } else {
      let found = PasswordFile.lookup(location: location, surroundings: env)
      location.password = found.password
      location.passwordSource = found.password == nil ? nil : found.path.map { .file(path: $0) }
      warnings += found.warnings
    }
    return (location, warnings)
  }

  /// `scheme://user@host:port/database`, plus the TLS parameters when they are not the
  /// defaults; never the password.
  static func display(scheme: String, _ location: PostgresLocation, sslModeText: String)
    -> String
  {
    var query: [String] = []
    var hostPart: String
    if location.isUnixSocket {
      hostPart = ""
      query.append("host=" + encoded(location.host, .urlQueryAllowed))
    } else if location.host.contains(":") {
      hostPart = "[\(location.host)]"
    } else {
      hostPart = encoded(location.host, .urlHostAllowed)
    }
    hostPart += ":\(location.port)"
    if sslModeText != "prefer" { query.append("sslmode=" + encoded(sslModeText, .urlQueryAllowed)) }
    if let root = location.sslRootCert {
      query.append("sslrootcert=" + encoded(root, .urlQueryAllowed))
    }
    let head =
      "\(scheme)://\(encoded(location.user, .urlUserAllowed))@\(hostPart)/"
      + encoded(location.database, .urlPathAllowed.subtracting(["/"]))
    return query.isEmpty ? head : head + "?" + query.joined(separator: "&")
  }

  private static func encoded(_ text: String, _ allowed: CharacterSet) -> String {
    var allowed = allowed
    allowed.remove(charactersIn: "&=?#@%")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}

/// The parts of a connection URI, percent-decoded, before defaults are filled in.
struct URLParts {
  var scheme: String
  var user: String?
  var password: String?
  var host: String?
  var port: String?
  var database: String?
  var parameters: [String: String] = [:]

  static let knownParameters: Set<String> = [
    "sslmode", "sslrootcert", "connect_timeout", "application_name", "user", "password",
    "host", "port", "dbname",
  ]

  init(_ text: String) throws(PostgresLocationError) {
    guard let scheme = PostgresLocation.scheme(of: text) else {
      throw PostgresLocationError(
        shown: "(not shown)", reason: .notAPostgresURL)
    }
    self.scheme = scheme
    // Until the parts are known, a refusal shows only the scheme: the text may hold a password.
    let shown = scheme + "://…"
    func refuse(_ reason: StoreReason) -> PostgresLocationError {
      PostgresLocationError(shown: shown, reason: reason)
    }
    func decoded(_ part: Substring, _ what: URLPart) throws(PostgresLocationError) -> String? {
      if part.isEmpty { return nil }
      guard let value = String(part).removingPercentEncoding else {
        throw refuse(.brokenEscape(in: what))
      }
      return value
    }
    var rest = text.dropFirst(scheme.count + 3)
    if let mark = rest.firstIndex(of: "?") {
      for pair in rest[rest.index(after: mark)...].split(separator: "&") {
        guard let equals = pair.firstIndex(of: "=") else {
          throw refuse(.parameterWithoutValue(String(pair)))
        }
        let key = try decoded(pair[..<equals], .parameterName) ?? ""
        guard Self.knownParameters.contains(key) else {
          throw refuse(.unknownParameter(key, known: Self.knownParameters.sorted()))
        }
        parameters[key] = try decoded(pair[pair.index(after: equals)...], .parameterValue(key)) ?? ""
      }
      rest = rest[..<mark]
    }
    var authority = rest
    if let slash = rest.firstIndex(of: "/") {
      authority = rest[..<slash]
      database = try decoded(rest[rest.index(after: slash)...], .database)
    }
    if let at = authority.firstIndex(of: "@") {
      let userInfo = authority[..<at]
      authority = authority[authority.index(after: at)...]
      if let colon = userInfo.firstIndex(of: ":") {
        user = try decoded(userInfo[..<colon], .user)
        password = try decoded(userInfo[userInfo.index(after: colon)...], .password)
      } else {
        user = try decoded(userInfo, .user)
      }
    }
    if authority.contains(",") {
      throw refuse(.severalHosts)
    }
    var hostPart = authority
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else {
        throw refuse(.unclosedIPv6Address)
      }
      host = String(authority[authority.index(after: authority.startIndex)..<close])
      hostPart = authority[authority.index(after: close)...]
      if !hostPart.isEmpty && !hostPart.hasPrefix(":") {
        throw refuse(.textAfterIPv6Address)
      }
      if hostPart.hasPrefix(":") { port = try decoded(hostPart.dropFirst(), .port) }
    } else if let colon = authority.lastIndex(of: ":") {
      host = try decoded(authority[..<colon], .host)
      port = try decoded(authority[authority.index(after: colon)...], .port)
    } else {
      host = try decoded(authority, .host)
    }
  }
}
