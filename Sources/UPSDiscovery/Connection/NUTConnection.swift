import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to upsd: commands out, lines in, each answer within `timeout`.
///
/// Lines reach the task through an `AsyncStream` of events; a timer on the channel's event
/// loop puts `.timedOut` into the same stream and closes the channel, so a silent server
/// ends the wait after `timeout` whatever the task is doing.
struct NUTConnection {
  let endpoint: NUTEndpoint
  let timeout: Duration
  /// How TLS was set up (`.off` until STARTTLS went through): a TLS failure is read by it.
  private var tls: NUTClient.TLS = .off
  private let channel: any Channel
  private let events: AsyncStream<LineEvent>.Continuation
  private var incoming: AsyncStream<LineEvent>.AsyncIterator

  private init(endpoint: NUTEndpoint, timeout: Duration, channel: any Channel,
               stream: AsyncStream<LineEvent>, continuation: AsyncStream<LineEvent>.Continuation) {
    self.endpoint = endpoint
    self.timeout = timeout
    self.channel = channel
    self.events = continuation
    self.incoming = stream.makeAsyncIterator()
  }

  /// Connects within `timeout`.
  static func open(_ endpoint: NUTEndpoint, timeout: Duration) async throws(NUTError) -> NUTConnection {
    let (stream, continuation) = AsyncStream<LineEvent>.makeStream()
    let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(.nanoseconds(Int64(timeout.seconds * 1e9)))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(NUTLineHandler(events: continuation))
        }
      }
    do {
      let channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
      return NUTConnection(
        endpoint: endpoint, timeout: timeout, channel: channel, stream: stream,
        continuation: continuation)
    } catch ChannelError.connectTimeout {
      throw NUTError(endpoint, .timedOut(waitingFor: .connection, seconds: timeout.seconds))
    } catch {
      throw NUTError(endpoint, .cannotConnect(Self.failure(error)))
    }
  }

  /// Sends a command answered by one `OK` line.
  mutating func simple(_ command: String, shown: String) async throws(NUTError) {
    let line = try await ask(command, shown: shown)
    let words: [String]
    do { words = try NUTWords.split(line) } catch { throw NUTError(endpoint, .malformed(error)) }
    if let error = NUTServerError(words: words) {
      throw NUTError(endpoint, .refused(command: shown, error, unit: nil))
    }
    guard words.first == "OK" else {
      throw NUTError(endpoint, .malformed(.unexpectedLine(line: line, expected: .line("OK"))))
    }
  }

  /// Asks for STARTTLS and, when upsd agrees, switches the connection to TLS.
  mutating func startTLS(_ tls: NUTClient.TLS) async throws(NUTError) {
    let line = try await ask("STARTTLS", shown: "STARTTLS")
    let words: [String]
    do { words = try NUTWords.split(line) } catch { throw NUTError(endpoint, .malformed(error)) }
    if let error = NUTServerError(words: words) {
      guard case .verified = tls else { return }  // not offered: go on in plain text
      throw NUTError(endpoint, .tls(.notOffered(code: error.code)))
    }
    guard words.first == "OK" else {
      throw NUTError(endpoint, .malformed(.unexpectedLine(line: line, expected: .line("OK STARTTLS"))))
    }
    var configuration = TLSConfiguration.makeClientConfiguration()
    let serverName: String?
    switch tls {
    case .off, .whenOffered:
      configuration.certificateVerification = .none
      serverName = nil
    case .verified(let caFile):
      configuration.trustRoots = .file(caFile)
      configuration.certificateVerification = .fullVerification
      serverName = Self.isIPAddress(endpoint.host) ? nil : endpoint.host
    }
    let context: NIOSSLContext
    do {
      context = try NIOSSLContext(configuration: configuration)
    } catch {
      if case .verified(let caFile) = tls {
        throw NUTError(endpoint, .tls(.caFileUnusable(file: caFile, detail: String(describing: error))))
      }
      throw NUTError(endpoint, .tls(.handshakeFailed(detail: String(describing: error))))
    }
    self.tls = tls
    let channel = self.channel
    do {
      try await channel.eventLoop.submit {
        let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
        try channel.pipeline.syncOperations.addHandler(handler, position: .first)
      }.get()
    } catch {
      throw NUTError(endpoint, .tls(.handshakeFailed(detail: String(describing: error))))
    }
  }

  /// Sends the list's command and feeds the answer to `reader` until it is complete.
  mutating func list(_ reader: inout NUTListReader, unit: String?) async throws(NUTError) {
    let command = reader.command
    try await send(command)
    let deadline = schedule()
    defer { deadline.cancel() }
    while true {
      let line = try await nextLine(waitingFor: .answer(to: command))
      let progress: NUTListReader.Progress
      do { progress = try reader.accept(line) } catch { throw NUTError(endpoint, .malformed(error)) }
      switch progress {
      case .more: continue
      case .done: return
      case .refused(let error):
        throw NUTError(endpoint, .refused(command: command, error, unit: unit))
      }
    }
  }

  /// Says goodbye and closes; a server that is gone already is no error at this point.
  mutating func logout() async {
    try? await send("LOGOUT")
    await close()
  }

  func close() async {
    try? await channel.close().get()
  }

  // MARK: - Lines

  /// Sends `command` and returns the one line that answers it.
  private mutating func ask(_ command: String, shown: String) async throws(NUTError) -> String {
    try await send(command)
    let deadline = schedule()
    defer { deadline.cancel() }
    return try await nextLine(waitingFor: .answer(to: shown))
  }

  private mutating func send(_ command: String) async throws(NUTError) {
    do {
      try await channel.writeAndFlush(ByteBuffer(string: command + "\n")).get()
    } catch {
      // Only the command's name in a message: its argument may be a password.
      let words = command.split(separator: " ")
      let what = NUTError.Step.sending(words.prefix(words.first == "LIST" ? 2 : 1).joined(separator: " "))
      let deadline = schedule()
      defer { deadline.cancel() }
      // Why the write failed (a refused TLS handshake, a reset) comes down the channel.
      while true {
        switch await incoming.next() {
        case .line: continue
        case .tlsFailed(let fault): throw NUTError(endpoint, .tls(failure(fault)))
        case .malformed(let error): throw NUTError(endpoint, .malformed(error))
        case .timedOut, .failed, .closed, nil:
          throw NUTError(endpoint, .closedMidAnswer(waitingFor: what))
        }
      }
    }
  }

  /// Puts `.timedOut` into the stream after `timeout`, unless cancelled first.
  private func schedule() -> Scheduled<Void> {
    let events = self.events
    let channel = self.channel
    let seconds = timeout.seconds
    return channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
      events.yield(.timedOut)
      channel.close(promise: nil)
    }
  }

  private mutating func nextLine(waitingFor: NUTError.Step) async throws(NUTError) -> String {
    switch await incoming.next() {
    case .line(let line): return line
    case .malformed(let error): throw NUTError(endpoint, .malformed(error))
    case .timedOut: throw NUTError(endpoint, .timedOut(waitingFor: waitingFor, seconds: timeout.seconds))
    case .tlsFailed(let fault): throw NUTError(endpoint, .tls(failure(fault)))
    case .failed: throw NUTError(endpoint, .closedMidAnswer(waitingFor: waitingFor))
    case .closed, nil: throw NUTError(endpoint, .closedMidAnswer(waitingFor: waitingFor))
    }
  }

  // MARK: - Failures as values

  /// Why connecting failed: the usual causes named, anything else in the system's words.
  static func failure(_ error: any Error) -> NUTError.ConnectFailure {
    if let error = error as? NIOConnectionError {
      if let first = error.connectionErrors.first { return failure(first.error) }
      if error.dnsAAAAError != nil || error.dnsAError != nil { return .hostNotResolved }
    }
    if let error = error as? IOError {
      switch error.errnoCode {
      case ECONNREFUSED: return .refused
      case EHOSTUNREACH, ENETUNREACH: return .noRoute
      default: return .system(error.description)
      }
    }
    return .system(String(describing: error))
  }

  /// A TLS failure, read by how TLS was set up: a certificate that does not verify is the
  /// CA file's to explain only when one was given.
  private func failure(_ fault: TLSFault) -> NUTError.TLSFailure {
    switch (fault, tls) {
    case (.certificateNotVerified, .verified(let caFile)): .certificateNotVerified(caFile: caFile)
    case (.certificateNotVerified, .off), (.certificateNotVerified, .whenOffered):
      .handshakeFailed(detail: "CERTIFICATE_VERIFY_FAILED")
    case (.wrongHost, _): .certificateWrongHost(host: endpoint.host)
    case (.other(let detail), _): .handshakeFailed(detail: detail)
    }
  }

  static func isIPAddress(_ host: String) -> Bool {
    (try? SocketAddress(ipAddress: host, port: 0)) != nil
  }
}

extension Duration {
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
