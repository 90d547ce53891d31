/// Cuts the bytes upsd sends into lines, refusing any line longer than a bound so a broken
/// or hostile server cannot make the client buffer without end.
public struct NUTLineFramer: Sendable {
  /// The longest line accepted, in bytes. upsd's values are at most 256 bytes and its
  /// names far shorter; with quoting and escapes a real line stays well under this.
  public static let defaultLimit = 2048

  public let limit: Int
  private var pending: [UInt8] = []

  public init(limit: Int = NUTLineFramer.defaultLimit) {
    self.limit = limit
  }

  /// Takes the next bytes and returns the lines they complete (without `\n` or `\r\n`),
  /// decoded as UTF-8 with invalid bytes replaced.
  public mutating func push(_ bytes: some Sequence<UInt8>) throws(NUTParseError) -> [String] {
    var lines: [String] = []
    for byte in bytes {
      if byte == 0x0A {
        if pending.last == 0x0D { pending.removeLast() }
        lines.append(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
      } else {
        guard pending.count < limit else { throw .lineTooLong(limit: limit) }
        pending.append(byte)
      }
    }
    return lines
  }

  /// Whether part of a line is waiting for its line break.
  public var hasPartialLine: Bool { !pending.isEmpty }
}
