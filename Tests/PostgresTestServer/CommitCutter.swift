import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A TCP proxy in front of a test server (plain text, `sslmode=disable`) that cuts the first
/// connection whose client sends `COMMIT`: either before the COMMIT reaches the server, or
/// after the server has answered it (the answer is dropped). Later connections pass through,
/// so a store can reconnect and look its write up; or, `thenRefusing`, are closed at once,
/// as by a server that went away with the link (the store cannot find out).
public final class CommitCutter: @unchecked Sendable {
  public enum Cut: String, Sendable, CaseIterable {
    /// The COMMIT never reaches the server: nothing is written.
    case beforeTheServerHasIt
    /// The server commits and answers; the answer never reaches the client.
    case afterTheServerCommitted
  }

  public let port: Int
  private let listener: Int32
  private let targetPort: Int
  private let cut: Cut
  private let refusesAfterTheCut: Bool
  private let lock = NSLock()
  private var hasCut = false
  private var sockets: [Int32] = []

  public init(to targetPort: Int, cut: Cut, thenRefusing: Bool = false) throws {
    self.targetPort = targetPort
    self.cut = cut
    refusesAfterTheCut = thenRefusing
    listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = Self.loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let listener = listener
    let ready = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(listener, generic, length) == 0 && Glibc.listen(listener, 16) == 0
          && getsockname(listener, generic, &length) == 0
      }
    }
    guard listener >= 0, ready else {
      throw Shell.Failure(command: "proxy listen", status: errno, output: "")
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    Thread { [self] in acceptForever() }.start()
  }

  /// Whether a connection was cut.
  public var didCut: Bool { lock.withLock { hasCut } }

  public func stop() {
    let all = lock.withLock { () -> [Int32] in
      defer { sockets = [] }
      return sockets
    }
    for fd in all { shutdown(fd, Int32(SHUT_RDWR)) }
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  private static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }

  private func acceptForever() {
    while true {
      let client = accept(listener, nil, nil)
      if client < 0 { return }
      if refusesAfterTheCut && didCut {
        close(client)
        continue
      }
      let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = Self.loopback(port: targetPort)
      let connected = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
      }
      guard connected else {
        close(client)
        close(server)
        continue
      }
      lock.withLock { sockets += [client, server] }
      let pair = Pair(client: client, server: server)
      Thread { [self] in pumpClientToServer(pair) }.start()
      Thread { [self] in pump(from: server, to: client, pair: pair) }.start()
    }
  }

  private final class Pair: @unchecked Sendable {
    let client: Int32
    let server: Int32
    /// Set once COMMIT went to the server in `afterTheServerCommitted`: the server's next
    /// bytes (its answer) are read and dropped, and both sides closed.
    var swallowAnswer = false
    let lock = NSLock()
    init(client: Int32, server: Int32) {
      self.client = client
      self.server = server
    }
    func closeBoth() {
      shutdown(client, Int32(SHUT_RDWR))
      shutdown(server, Int32(SHUT_RDWR))
    }
  }

  private func pumpClientToServer(_ pair: Pair) {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let commit = Array("COMMIT\0".utf8)
    while true {
      let count = read(pair.client, &buffer, buffer.count)
      if count <= 0 { break }
      let chunk = Array(buffer[0..<count])
      let cutsHere = lock.withLock { () -> Bool in
        guard !hasCut, chunk.firstRange(of: commit) != nil else { return false }
        hasCut = true
        return true
      }
      if cutsHere && cut == .beforeTheServerHasIt {
        pair.closeBoth()
        return
      }
      if cutsHere { pair.lock.withLock { pair.swallowAnswer = true } }
      if !writeAll(pair.server, chunk) { break }
    }
    shutdown(pair.server, Int32(SHUT_WR))
  }

  private func pump(from source: Int32, to destination: Int32, pair: Pair) {
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = read(source, &buffer, buffer.count)
      if count <= 0 { break }
      if pair.lock.withLock({ pair.swallowAnswer }) {
        pair.closeBoth()
        return
      }
      if !writeAll(destination, Array(buffer[0..<count])) { break }
    }
    shutdown(destination, Int32(SHUT_WR))
  }

  private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let written = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if written <= 0 { return false }
      sent += written
    }
    return true
  }
}
