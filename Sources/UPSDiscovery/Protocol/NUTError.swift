/// Why discovering the units of one upsd failed: which server, and what happened, as values
/// with their data. The command line puts them into words (`CommandWords+NUT`), in the
/// technician's language; text that came from the server or the system is kept here as it
/// came, and whoever shows it escapes it (`NUTText.escaped`).
public struct NUTError: Error, Hashable, Sendable {
  /// What went wrong.
  public enum Problem: Hashable, Sendable {
    /// Nothing accepts connections there (refused, no route, unknown host).
    case cannotConnect(ConnectFailure)
    /// No connection, or no complete answer, within the time allowed.
    case timedOut(waitingFor: Step, seconds: Double)
    /// The server closed the connection before its answer was complete.
    case closedMidAnswer(waitingFor: Step)
    /// The server answered `ERR …` to `command` (its name and arguments as sent, never a
    /// password), about `unit` when the command was about one.
    case refused(command: String, NUTServerError, unit: String?)
    /// The server's answer does not follow the protocol.
    case malformed(NUTParseError)
    /// TLS was required and could not be set up, or its handshake failed.
    case tls(TLSFailure)
    /// A user name or password that cannot be sent on one protocol line.
    case badCredentials(Credential, CredentialProblem)
  }

  /// What the client was doing when the server fell silent or went away.
  public enum Step: Hashable, Sendable {
    /// Opening the TCP connection.
    case connection
    /// Waiting for the answer to a command (`LIST UPS`, `USERNAME`: never its password).
    case answer(to: String)
    /// Sending a command (its name only: `PASSWORD`, `LIST VAR`).
    case sending(String)
  }

  /// Why the TCP connection could not be opened.
  public enum ConnectFailure: Hashable, Sendable {
    /// The host answered that nothing listens on the port.
    case refused
    /// No route to the host or its network.
    case noRoute
    /// The host name does not resolve.
    case hostNotResolved
    /// Anything else, in the system's own words (shown as they are, escaped).
    case system(String)
  }

  /// Why TLS with the server failed.
  public enum TLSFailure: Hashable, Sendable {
    /// upsd answered `ERR code` to STARTTLS, and a checked certificate was required.
    case notOffered(code: String)
    /// The CA file could not be loaded (not PEM, no certificate in it): the TLS library's
    /// words as `detail`.
    case caFileUnusable(file: String, detail: String)
    /// upsd's certificate does not check out against the CA file: another CA signed it, or
    /// it has expired.
    case certificateNotVerified(caFile: String)
    /// upsd's certificate is for another host name than `host`.
    case certificateWrongHost(host: String)
    /// The handshake failed otherwise: the TLS library's words as `detail`.
    case handshakeFailed(detail: String)
  }

  /// Which of the login's two parts is wrong.
  public enum Credential: Hashable, Sendable {
    case username
    case password
  }

  /// What is wrong with it.
  public enum CredentialProblem: Hashable, Sendable {
    case empty
    /// A line break or another control character, which would end the protocol line.
    case controlCharacter
  }

  public var endpoint: NUTEndpoint
  public var problem: Problem

  public init(_ endpoint: NUTEndpoint, _ problem: Problem) {
    self.endpoint = endpoint
    self.problem = problem
  }
}
