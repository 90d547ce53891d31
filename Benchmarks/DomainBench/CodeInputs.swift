import Subscriptions

/// What technicians type: mostly good codes, some lower-case or without dashes, some with a
/// typo (a swapped pair, a `U`, a symbol missing).
enum CodeInputs {
  static func make(count: Int, using random: inout some RandomNumberGenerator) -> [String] {
    (0..<count).map { _ in
      let canonical = ActivationCode.generate(using: &random).canonical
      switch Int.random(in: 0..<10, using: &random) {
      case 0: return canonical.lowercased()
      case 1: return canonical.replacingDashes()
      case 2: return " " + canonical + " "
      case 3: return String(canonical.dropLast())
      case 4: return canonical.swappingFirstTwo()
      case 5: return "U" + canonical.dropFirst()
      default: return canonical
      }
    }
  }
}

extension String {
  fileprivate func replacingDashes() -> String { filter { $0 != "-" } }

  fileprivate func swappingFirstTwo() -> String {
    var characters = Array(self)
    characters.swapAt(0, 1)
    return String(characters)
  }
}
