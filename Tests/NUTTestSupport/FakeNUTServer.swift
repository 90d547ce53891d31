import NIOCore
import NIOPosix

/// A stand-in for upsd on 127.0.0.1 that answers each command line from a script: for the
/// faults a real upsd cannot be made to produce (silence, a close mid-answer, garbage,
/// oversized lines, `ERR ACCESS-DENIED` on `LIST UPS`).
public struct FakeNUTServer {
  /// What the server does with one command line.
  public enum Answer: Sendable {
    case lines([String])
    case bytes([UInt8])
    /// Says nothing and keeps the connection open.
    case silence
    /// Sends the lines, then closes the connection.
    case linesThenClose([String])
  }

  public let port: Int

  /// Runs `body` with a server answering by `script`, and stops the server afterwards.
  public static func with<T>(
    _ script: @escaping @Sendable (String) -> Answer, _ body: (FakeNUTServer) async throws -> T
  ) async throws -> T {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { child in
        child.eventLoop.makeCompletedFuture {
          try child.pipeline.syncOperations.addHandler(ScriptHandler(script: script))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    let server = FakeNUTServer(port: channel.localAddress?.port ?? 0)
    do {
      let result = try await body(server)
      try? await channel.close().get()
      return result
    } catch {
      try? await channel.close().get()
      throw error
    }
  }

  /// The usual answers of a healthy upsd serving `units` (name, description, variables).
  public static func healthy(_ units: [(String, String, [(String, String)])]) -> @Sendable (String) -> Answer {
    let units = units.map { ($0.0, $0.1, $0.2.map { [$0.0, $0.1] }) }
    return { command in
      if command == "STARTTLS" { return .lines(["ERR FEATURE-NOT-CONFIGURED"]) }
      if command == "LIST UPS" {
        return .lines(
          ["BEGIN LIST UPS"] + units.map { "UPS \($0.0) \"\($0.1)\"" } + ["END LIST UPS"])
      }
      for unit in units where command == "LIST VAR \(unit.0)" {
        return .lines(
          ["BEGIN LIST VAR \(unit.0)"] + unit.2.map { "VAR \(unit.0) \($0[0]) \"\($0[1])\"" }
            + ["END LIST VAR \(unit.0)"])
      }
      if command.hasPrefix("LIST VAR ") { return .lines(["ERR UNKNOWN-UPS"]) }
      if command == "LOGOUT" { return .linesThenClose(["OK Goodbye"]) }
      return .lines(["OK"])
    }
  }
}

/// Splits what a client sends into lines and answers each from the script.
private final class ScriptHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  let script: @Sendable (String) -> FakeNUTServer.Answer
  private var pending = ""

  init(script: @escaping @Sendable (String) -> FakeNUTServer.Answer) {
    self.script = script
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    pending += String(buffer: unwrapInboundIn(data))
    while let newline = pending.firstIndex(of: "\n") {
      let line = String(pending[..<newline])
      pending = String(pending[pending.index(after: newline)...])
      switch script(line) {
      case .lines(let lines):
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: lines.map { $0 + "\n" }.joined())), promise: nil)
      case .bytes(let bytes):
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
      case .silence:
        break
      case .linesThenClose(let lines):
        let sent = context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: lines.map { $0 + "\n" }.joined())))
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        sent.whenComplete { _ in context.value.close(promise: nil) }
        return
      }
    }
  }
}
