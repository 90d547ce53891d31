/// How many devices hold each run of one or two code points in their search text
/// (`DeviceSearch.text(of:)`): what a one- or two-character filter counts, which no trigram
/// index can answer. A store keeps these counts beside its devices, so the count of such a
/// filter is one look-up instead of a read of every device.
///
/// Runs are of Unicode scalars, compared as scalars (not as canonically equivalent
/// characters), exactly as the stores' `instr`/`strpos` compare text.
public struct DeviceGrams: Sendable {
  /// Counts of ASCII runs: 128 single scalars, then 128 × 128 pairs.
  private var ascii = [Int](repeating: 0, count: 128 + 128 * 128)
  /// The device (from 1) that last counted each ASCII run, so a device counts a run once.
  private var lastDevice = [Int32](repeating: 0, count: 128 + 128 * 128)
  /// Counts of runs with a scalar beyond ASCII, by `key(_:_:)`.
  private var other: [UInt64: Int] = [:]
  private var otherOfThisDevice = Set<UInt64>()
  private var devices: Int32 = 0

  public init() {}

  /// Counts the runs of one device's search text.
  public mutating func add(_ search: String) {
    devices += 1
    otherOfThisDevice.removeAll(keepingCapacity: true)
    var previous: UInt32?
    for scalar in search.unicodeScalars {
      let value = scalar.value
      count(single: value)
      if let previous { count(pair: previous, value) }
      previous = value
    }
  }

  private mutating func count(single value: UInt32) {
    if value < 128 {
      countASCII(Int(value))
    } else {
      countOther(Self.key(nil, value))
    }
  }

  private mutating func count(pair first: UInt32, _ second: UInt32) {
    if first < 128 && second < 128 {
      countASCII(128 + Int(first) * 128 + Int(second))
    } else {
      countOther(Self.key(first, second))
    }
  }

  private mutating func countASCII(_ index: Int) {
    guard lastDevice[index] != devices else { return }
    lastDevice[index] = devices
    ascii[index] += 1
  }

  private mutating func countOther(_ key: UInt64) {
    guard otherOfThisDevice.insert(key).inserted else { return }
    other[key, default: 0] += 1
  }

  /// A run as one number: the second scalar in the low 32 bits, the first (or all ones for
  /// a run of one) in the high 32 bits. Scalars end at 0x10FFFF, so the two never meet.
  private static func key(_ first: UInt32?, _ second: UInt32) -> UInt64 {
    UInt64(first ?? UInt32.max) << 32 | UInt64(second)
  }

  private static func text(_ key: UInt64) -> String {
    let high = UInt32(truncatingIfNeeded: key >> 32)
    let low = UInt32(truncatingIfNeeded: key)
    var scalars = String.UnicodeScalarView()
    if high != UInt32.max, let first = Unicode.Scalar(high) { scalars.append(first) }
    if let second = Unicode.Scalar(low) { scalars.append(second) }
    return String(scalars)
  }

  /// Every run counted, with the number of devices that hold it.
  public var counts: [(gram: String, devices: Int)] {
    var result: [(gram: String, devices: Int)] = []
    for (index, devices) in ascii.enumerated() where devices > 0 {
      let key =
        index < 128
        ? Self.key(nil, UInt32(index))
        : Self.key(UInt32((index - 128) / 128), UInt32((index - 128) % 128))
      result.append((Self.text(key), devices))
    }
    for (key, devices) in other { result.append((Self.text(key), devices)) }
    return result
  }
}
