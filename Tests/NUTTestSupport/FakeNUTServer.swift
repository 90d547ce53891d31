import ChildProcess
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

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
    /// Answers `OK STARTTLS` and speaks TLS from then on (needs `tls` in `with`).
    case startTLS
  }

  /// A self-signed certificate for `localhost` and 127.0.0.1, made by the openssl command.
  public struct Certificate: Sendable {
    public let certificatePath: String
    public let keyPath: String

    /// Writes a new key and certificate for `host` into `folder`; one for localhost names
    /// 127.0.0.1 too (NIOSSL accepts a certificate that names the address it connected to,
    /// so one for another host names none).
    public static func make(in folder: URL, name: String = "upsd", host: String = "localhost") throws -> Certificate {
      let certificate = folder.appendingPathComponent("\(name).pem").path
      let key = folder.appendingPathComponent("\(name)-key.pem").path
      let result = try ChildProcess.run([
        "/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", certificate, "-days",
        "1", "-subj", "/CN=\(host)",
        "-addext", "subjectAltName=DNS:\(host)" + (host == "localhost" ? ",IP:127.0.0.1" : ""),
      ])
      guard result.ending.status == 0, !result.ending.signalled else {
        throw NUTServer.Unavailable(description: "openssl req failed (\(result.ending.status))")
      }
      return Certificate(certificatePath: certificate, keyPath: key)
    }
  }

  public let port: Int

  /// Runs `body` with a server answering by `script`, and stops the server afterwards.
  public static func with<T>(
    _ script: @escaping @Sendable (String) -> Answer, tls: Certificate? = nil,
    _ body: (FakeNUTServer) async throws -> T
  ) async throws -> T {
    let sslContext = try tls.map { tls in
      try NIOSSLContext(
        configuration: .makeServerConfiguration(
          certificateChain: [.certificate(try NIOSSLCertificate(file: tls.certificatePath, format: .pem))],
          privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyPath, format: .pem))))
    }
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { child in
        child.eventLoop.makeCompletedFuture {
          try child.pipeline.syncOperations.addHandler(ScriptHandler(script: script, tls: sslContext))
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
  let tls: NIOSSLContext?
  private var pending = ""

  init(script: @escaping @Sendable (String) -> FakeNUTServer.Answer, tls: NIOSSLContext?) {
    self.script = script
    self.tls = tls
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
      case .startTLS:
        guard let tls else {
          context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "ERR FEATURE-NOT-CONFIGURED\n")), promise: nil)
          continue
        }
        // The OK goes out in plain text; everything after it through TLS.
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "OK STARTTLS\n")), promise: nil)
        try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
      case .linesThenClose(let lines):
        let sent = context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: lines.map { $0 + "\n" }.joined())))
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        sent.whenComplete { _ in context.value.close(promise: nil) }
        return
      }
    }
  }
}
