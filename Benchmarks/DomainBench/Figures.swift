/// What one run of the domain benchmark measured.
struct Figures: Encodable {
  var devices: Int
  var licenses: Int
  var codes: Int
  var seed: UInt64
  var now: String
  var projectionsPerSecond: Double
  var statusesPerSecond: Double
  var validationsPerSecond: Double
  var validCodes: Int
  /// Folded from every result so the optimiser cannot drop the work.
  var checksum: Int

  var table: String {
    """
    fleet: \(devices) devices, \(licenses) licenses (seed \(seed), now \(now))
    start-date projections: \(Self.rate(projectionsPerSecond)) devices/s (one core)
    device statuses:        \(Self.rate(statusesPerSecond)) devices/s (one core)
    code validations:       \(Self.rate(validationsPerSecond)) codes/s (\(validCodes) of \(codes) valid)
    """
  }

  static func rate(_ value: Double) -> String {
    String(Int(value.rounded())).reversed().enumerated()
      .reduce(into: "") { out, pair in
        if pair.offset > 0 && pair.offset % 3 == 0 { out.append(" ") }
        out.append(pair.element)
      }
      .reversed().map(String.init).joined()
  }
}
