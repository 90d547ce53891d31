/// Why discovering the units of one upsd failed. Every message names the server and says
/// what to check; nothing a server sent reaches it unescaped.
public struct NUTError: Error, Hashable, Sendable {
  /// What went wrong.
  public enum Problem: Hashable, Sendable {
    /// Nothing accepts connections there (refused, no route, unknown host).
    case cannotConnect(reason: String)
    /// No connection, or no complete answer, within the time allowed.
    case timedOut(waitingFor: String, seconds: Double)
    /// The server closed the connection before its answer was complete.
    case closedMidAnswer(waitingFor: String)
    /// The server answered `ERR …` to `command`.
    case refused(command: String, NUTServerError, unit: String?)
    /// The server's answer does not follow the protocol.
    case malformed(NUTParseError)
    /// TLS was required and could not be set up, or its handshake failed.
    case tls(reason: String)
    /// A user name or password that cannot be sent on one protocol line.
    case badCredentials(reason: String)
  }

  public var endpoint: NUTEndpoint
  public var problem: Problem

  public init(_ endpoint: NUTEndpoint, _ problem: Problem) {
    self.endpoint = endpoint
    self.problem = problem
  }

  /// One line for the technician: which upsd, what happened, what to do.
  public var message: String {
    let server = "upsd at \(NUTText.escaped(endpoint.description))"
    switch problem {
    case .cannotConnect(let reason):
      return "Cannot reach \(server): \(NUTText.escaped(reason)). Is upsd running and "
        + "listening there (LISTEN in upsd.conf)?"
    case .timedOut(let waitingFor, let seconds):
      return "No answer from \(server) within \(Self.seconds(seconds)) (waiting for "
        + "\(waitingFor)). Check the host and port, and that upsd is not stuck."
    case .closedMidAnswer(let waitingFor):
      return "\(server) closed the connection in the middle of \(waitingFor). Check its log "
        + "(journalctl -u nut-server) and try again."
    case .refused(let command, let error, let unit):
      let about = unit.map { " for unit \(NUTText.escaped($0))" } ?? ""
      return "\(server) refused \(NUTText.escaped(command))\(about): \(error.meaning)."
    case .malformed(let error):
      return "\(server) does not speak NUT's protocol as expected: \(error.message) "
        + "Is that port really upsd?"
    case .tls(let reason):
      return "TLS with \(server) failed: \(NUTText.escaped(reason))."
    case .badCredentials(let reason):
      return "Cannot log in to \(server): \(reason)"
    }
  }

  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
  }
}
