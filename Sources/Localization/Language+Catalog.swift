import Foundation

/// Words in a language, from the gettext catalogs in `po/` (compiled into the program by
/// `Scripts/po2swift.py`, so a copied binary needs no install step).
///
/// A message is looked up by its English text (the msgid); `{name}` placeholders are filled
/// after lookup, so a translation may reorder them. A msgid a catalog lacks comes out in
/// English: `CatalogTests` makes sure that never happens for a message the code uses.
extension Language {
  /// `msgid` in this language, placeholders filled from `arguments`.
  public func tr(_ msgid: String, _ arguments: [String: String] = [:]) -> String {
    let text = Catalog.table(self)[msgid]?.first.flatMap { $0.isEmpty ? nil : $0 } ?? msgid
    return Self.fill(text, arguments)
  }

  /// The form of `singular`/`plural` for `count` in this language (`{n}` is the count, as
  /// the language writes numbers).
  public func trn(
    _ singular: String, _ plural: String, count: Int, _ arguments: [String: String] = [:]
  ) -> String {
    var arguments = arguments
    arguments["n"] = number(count)
    let forms = Catalog.table(self)[singular] ?? []
    let index = pluralForm(count)
    if index < forms.count, !forms[index].isEmpty { return Self.fill(forms[index], arguments) }
    return Self.fill(count == 1 ? singular : plural, arguments)
  }

  /// Which plural form `count` takes: the `Plural-Forms` header of each catalog.
  public func pluralForm(_ count: Int) -> Int {
    let n = abs(count)
    switch self {
    case .japanese: return 0
    case .french: return n > 1 ? 1 : 0
    case .russian:
      if n % 10 == 1 && n % 100 != 11 { return 0 }
      if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return 1 }
      return 2
    default: return n == 1 ? 0 : 1
    }
  }

  /// The number of plural forms, as the catalog's header says.
  public var pluralForms: Int {
    switch self {
    case .japanese: 1
    case .russian: 3
    default: 2
    }
  }

  static func fill(_ text: String, _ arguments: [String: String]) -> String {
    guard !arguments.isEmpty, text.contains("{") else { return text }
    var out = text
    for (name, value) in arguments { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
    return out
  }
}

/// The catalogs, by language: msgid → msgstr forms (one, or one per plural form).
enum Catalog {}
