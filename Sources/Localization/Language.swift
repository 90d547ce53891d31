/// A language the portal's words come in. The raw value is the catalog's code
/// (`po/<code>.po`) and what `--lang` takes.
public enum Language: String, CaseIterable, Sendable, Hashable, Comparable {
  case english = "en"
  case french = "fr"
  case german = "de"
  case italian = "it"
  case portuguese = "pt"
  case russian = "ru"
  case spanish = "es"
  case japanese = "ja"

  /// The language a code or locale name names (`fr`, `fr_FR.UTF-8`, `pt_BR`, `de-CH`), or
  /// `nil` when it is none of ours.
  public init?(code: String) {
    let lower = code.lowercased()
    let end = lower.firstIndex { "_.@-".contains($0) } ?? lower.endIndex
    guard let language = Language(rawValue: String(lower[..<end])) else { return nil }
    self = language
  }

  /// The language for messages, as gettext picks it: the locale from `LC_ALL`, else
  /// `LC_MESSAGES`, else `LANG` (POSIX order); unless that locale is `C`/`POSIX`, the
  /// first of `LANGUAGE`'s colon-separated list that we have comes first. `--lang`
  /// (`override`) beats them all. Anything we do not have is English.
  public static func resolve(override: String? = nil, environment: [String: String]) -> Language {
    if let override { return Language(code: override) ?? .english }
    var locale = ""
    for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environment[variable], !value.isEmpty {
        locale = value
        break
      }
    }
    let isC = locale.isEmpty || locale == "C" || locale == "POSIX" || locale.hasPrefix("C.")
    if isC { return .english }
    for entry in (environment["LANGUAGE"] ?? "").split(separator: ":") {
      if let language = Language(code: String(entry)) { return language }
    }
    return Language(code: locale) ?? .english
  }

  public static func < (lhs: Language, rhs: Language) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}
