import Testing
@testable import Subscriptions

@Suite struct ActivationCodeTests {
  struct CountingRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  @Test func generatedCodeParsesBackToItself() throws {
    var random = CountingRandom(state: 42)
    let code = ActivationCode.generate(using: &random)
    let parsed = try ActivationCode(parsing: code.canonical.lowercased())
    #expect(parsed == code)
    #expect(code.canonical.count == 23)
    #expect(code.masked == "*****-*****-*****-" + code.canonical.suffix(5))
  }
}
