import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A TCP listener on 127.0.0.1 that accepts connections and never says a word: a server
/// that has stopped answering, for the connect timeout's tests. With `refusingTLS`, it
/// answers a client's SSLRequest with PostgreSQL's "N" (no TLS here) and then stays silent:
/// a server without TLS, for sslmode=require. It notes how long each connection stayed open
/// before the client gave up on it (`heldConnections()`).
public final class SilentListener: @unchecked Sendable {
  public let port: Int
  private let refusesTLS: Bool
  private let fd: Int32
  private let lock = NSLock()
  private var accepted: [Int32] = []
  private var held: [Duration] = []
  private var stopped = false

  public init(refusingTLS: Bool = false) throws {
    refusesTLS = refusingTLS
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Shell.Failure(command: "socket", status: errno, output: "") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let fd = fd
    let ready = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(fd, generic, length) == 0 && listen(fd, 16) == 0
          && getsockname(fd, generic, &length) == 0
      }
    }
    guard ready else {
      close(fd)
      throw Shell.Failure(command: "listen on 127.0.0.1", status: errno, output: "")
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    let thread = Thread { [self] in acceptForever() }
    thread.start()
  }

  private func acceptForever() {
    while true {
      let client = accept(fd, nil, nil)
      if client < 0 { return }
      lock.lock()
      if stopped {
        lock.unlock()
        close(client)
        return
      }
      accepted.append(client)
      lock.unlock()
      let opened = ContinuousClock.now
      if refusesTLS {
        var request = [UInt8](repeating: 0, count: 8)
        if read(client, &request, 8) == 8 { _ = write(client, "N", 1) }
      }
      Thread { [self] in waitForTheClientToLeave(client, opened: opened) }.start()
    }
  }

  /// Reads (and ignores) what the client sends until it closes the connection, notes how
  /// long it stayed, and closes this end. `stop` shutting the socket down first ends the
  /// read without a note.
  private func waitForTheClientToLeave(_ client: Int32, opened: ContinuousClock.Instant) {
    var buffer = [UInt8](repeating: 0, count: 512)
    while read(client, &buffer, buffer.count) > 0 {}
    let stayed = ContinuousClock.now - opened
    lock.lock()
    defer { lock.unlock() }
    if !stopped { held.append(stayed) }
    accepted.removeAll { $0 == client }
    close(client)
  }

  /// How long each connection the client closed had stayed open, in the order they closed:
  /// the client's own timeout, free of the time its process took to start. Waits up to 5 s
  /// for the first (the reader notes a close a moment after the client's process ended).
  public func heldConnections() async -> [Duration] {
    for _ in 0..<250 {
      let seen = lock.withLock { held }
      if !seen.isEmpty { return seen }
      try? await Task.sleep(for: .milliseconds(20))
    }
    return []
  }

  /// Closes the listener and every connection it holds (each connection's reader closes
  /// its own socket once the shutdown wakes it).
  public func stop() {
    lock.lock()
    stopped = true
    for client in accepted { shutdown(client, Int32(SHUT_RDWR)) }
    lock.unlock()
    shutdown(fd, Int32(SHUT_RDWR))
    close(fd)
  }
}

extension TestPostgres {
  /// A TCP port on 127.0.0.1 that nothing listens on right now.
  public static func freePort() throws -> Int { try Shell.freePort() }
}
