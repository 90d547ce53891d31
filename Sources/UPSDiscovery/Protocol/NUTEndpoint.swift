/// Where an upsd listens: a host and a TCP port (3493 unless given).
public struct NUTEndpoint: Hashable, Sendable, CustomStringConvertible {
  /// NUT's IANA port.
  public static let defaultPort = 3493

  public var host: String
  public var port: Int

  public init(host: String, port: Int = NUTEndpoint.defaultPort) {
    self.host = host
    self.port = port
  }

  /// Reads `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`; why not, when it is none.
  public static func parse(_ text: String) -> Result<NUTEndpoint, EndpointError> {
    let given = text.trimmingWhitespace
    guard !given.isEmpty else { return .failure(.empty) }
    guard !given.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
      return .failure(.badHost(given))
    }
    var host = given
    var portText: Substring?
    if given.hasPrefix("[") {
      guard let close = given.firstIndex(of: "]") else { return .failure(.badHost(given)) }
      host = String(given[given.index(after: given.startIndex)..<close])
      let rest = given[given.index(after: close)...]
      if !rest.isEmpty {
        guard rest.hasPrefix(":") else { return .failure(.badHost(given)) }
        portText = rest.dropFirst()
      }
    } else if given.filter({ $0 == ":" }).count == 1, let colon = given.firstIndex(of: ":") {
      host = String(given[..<colon])
      portText = given[given.index(after: colon)...]
    }
    guard !host.isEmpty else { return .failure(.badHost(given)) }
    guard let portText else { return .success(NUTEndpoint(host: host)) }
    guard let port = Int(portText), (1...65_535).contains(port) else {
      return .failure(.badPort(String(portText)))
    }
    return .success(NUTEndpoint(host: host, port: port))
  }

  /// `host:port`, with brackets around an IPv6 address.
  public var description: String {
    (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
  }

  /// Why a `--nut` value is not an address (the command line words it).
  public enum EndpointError: Error, Hashable, Sendable {
    /// Nothing but blanks.
    case empty
    /// Not a host: the trimmed value as given.
    case badHost(String)
    /// The part after the colon is not a port from 1 to 65535: that part as given.
    case badPort(String)
  }
}
