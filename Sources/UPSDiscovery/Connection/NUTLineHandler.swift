import NIOCore
import NIOSSL

/// What the channel tells the connection, in order.
enum LineEvent: Sendable {
  case line(String)
  case malformed(NUTParseError)
  case timedOut
  /// An I/O error, in NIO's words.
  case failed(String)
  /// The TLS handshake or a TLS record failed.
  case tlsFailed(TLSFault)
  case closed
}

/// What went wrong with TLS, as far as the connection can tell (NIOSSL's errors).
enum TLSFault: Sendable {
  /// The certificate did not verify against the trusted CA (BoringSSL's
  /// CERTIFICATE_VERIFY_FAILED: another CA, expired, not yet valid).
  case certificateNotVerified
  /// The certificate does not name the host asked for.
  case wrongHost
  /// Anything else, in the TLS library's words.
  case other(String)

  init(_ error: any Error) {
    let detail = String(describing: error)
    if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
      self = .wrongHost
    } else if detail.contains("CERTIFICATE_VERIFY_FAILED") {
      self = .certificateNotVerified
    } else {
      self = .other(detail)
    }
  }
}

/// Frames the bytes of the channel into lines (bounded) and hands them on as events.
final class NUTLineHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  private var framer = NUTLineFramer()
  private let events: AsyncStream<LineEvent>.Continuation

  init(events: AsyncStream<LineEvent>.Continuation) {
    self.events = events
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    do {
      for line in try framer.push(buffer.readableBytesView) { events.yield(.line(line)) }
    } catch {
      events.yield(.malformed(error))
      context.close(promise: nil)
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
      events.yield(.tlsFailed(TLSFault(error)))
    } else {
      events.yield(.failed(String(describing: error)))
    }
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    events.yield(.closed)
    events.finish()
    context.fireChannelInactive()
  }
}
