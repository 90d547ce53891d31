import NIOCore
import NIOSSL

/// What the channel tells the connection, in order.
enum LineEvent: Sendable {
  case line(String)
  case malformed(NUTParseError)
  case timedOut
  /// An I/O or TLS error; TLS ones start with "TLS".
  case failed(String)
  case closed
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
    if error is NIOSSLError || error is BoringSSLError {
      events.yield(.failed("TLS handshake: \(error)"))
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
