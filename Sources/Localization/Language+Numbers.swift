/// Whole numbers as each language writes them: a list of a million devices reads
/// "1–14 of 1,000,000" in English, "1–14 sur 1 000 000" in French.
///
/// Hand-written rather than ICU's `NumberFormatter`: each of the eight languages needs two
/// facts from CLDR (the separator, and from how many digits it groups), and the formatter
/// would load locale data before the first frame. JSON, CSV and `--json` keep plain digits.
extension Language {
  /// `value` with its digits grouped in threes (CLDR): `,` in English and Japanese, `.` in
  /// German, Italian, Portuguese and Spanish, a no-break space in Russian and a narrow one
  /// in French. Spanish leaves four digits alone (1000, 10.000).
  public func number(_ value: Int) -> String {
    let digits = String(value.magnitude)
    let sign = value < 0 ? "-" : ""
    guard digits.count >= minimumGroupedDigits else { return sign + digits }
    var grouped = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { grouped += groupSeparator }
      grouped.append(digit)
    }
    return sign + grouped
  }

  /// What goes between groups of three digits.
  var groupSeparator: String {
    switch self {
    case .english, .japanese: ","
    case .german, .italian, .portuguese, .spanish: "."
    case .french: "\u{202F}"
    case .russian: "\u{00A0}"
    }
  }

  /// The fewest digits a number has for them to be grouped (CLDR's minimumGroupingDigits
  /// plus three).
  var minimumGroupedDigits: Int { self == .spanish ? 5 : 4 }
}
