import Foundation
import Testing

@testable import Localization

/// The catalogs in `po/` (issue 15 §2): every message the code uses is in every catalog,
/// translated, with the same placeholders and the language's number of plural forms; the
/// compiled-in tables are exactly what the .po files say.
@Suite("Catalogs")
struct CatalogTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// msgid → plural msgid (nil for a plain message), from every `tr("…")` and
  /// `trn("…", "…"` in Sources/, as Scripts/po2swift.py extracts them.
  static func messagesInTheCode() throws -> [String: String?] {
    var found: [String: String?] = [:]
    let sources = root.appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
    let literal = #""((?:[^"\\\n]|\\.)*)""#
    // Simple word boundaries, as Python's \b (the default Unicode ones join `language.tr`).
    let tr = try Regex(#"\btr\(\s*"# + literal).wordBoundaryKind(.simple)
    let trn = try Regex(#"\btrn\(\s*"# + literal + #"\s*,\s*"# + literal)
      .wordBoundaryKind(.simple)
    while let file = files?.nextObject() as? URL {
      guard file.pathExtension == "swift", !file.lastPathComponent.contains("Generated") else {
        continue
      }
      let source = try String(contentsOf: file, encoding: .utf8)
      for match in source.matches(of: trn) {
        if let id = match.output[1].substring, let plural = match.output[2].substring {
          found[unescape(String(id))] = .some(unescape(String(plural)))
        }
      }
      for match in source.matches(of: tr) {
        if let id = match.output[1].substring, found[unescape(String(id))] == nil {
          found[unescape(String(id))] = .some(nil)
        }
      }
    }
    return found
  }

  static func unescape(_ text: String) -> String {
    text.replacingOccurrences(of: #"\""#, with: "\"").replacingOccurrences(of: #"\\"#, with: "\\")
  }

  /// `{name}` placeholders of a message.
  static func placeholders(_ text: String) -> Set<String> {
    Set(text.matches(of: /\{([a-z]+)\}/).map { String($0.output.1) })
  }

  @Test func theCodeUsesMessages() throws {
    #expect(try Self.messagesInTheCode().count > 100)
  }

  @Test(arguments: Language.allCases)
  func everyMessageIsInTheCatalogWithTheSamePlaceholders(_ language: Language) throws {
    let catalog = try PO.parse(Self.root.appendingPathComponent("po/\(language.rawValue).po"))
    for (msgid, plural) in try Self.messagesInTheCode() {
      guard let forms = catalog.entries[msgid] else {
        Issue.record("\(language.rawValue).po lacks \"\(msgid)\"")
        continue
      }
      let expected = plural == nil ? 1 : language.pluralForms
      #expect(forms.count == expected, "\(language.rawValue) \"\(msgid)\": \(forms.count) forms")
      #expect(catalog.plurals[msgid] == plural, "\(language.rawValue) \"\(msgid)\" plural msgid")
      let wanted = Self.placeholders(msgid).union(plural.map(Self.placeholders) ?? [])
      for form in forms {
        #expect(!form.isEmpty, "\(language.rawValue) \"\(msgid)\" is untranslated")
        var have = Self.placeholders(form)
        // A form for one thing may say "one" instead of {n}.
        if plural != nil { have.insert("n") }
        #expect(
          have == wanted.union(plural != nil ? ["n"] : []),
          "\(language.rawValue) \"\(msgid)\" → \"\(form)\": placeholders \(have.sorted())")
      }
    }
  }

  @Test(arguments: Language.allCases)
  func theCompiledTablesAreTheCatalogs(_ language: Language) throws {
    let catalog = try PO.parse(Self.root.appendingPathComponent("po/\(language.rawValue).po"))
    // Stale means `python3 Scripts/po2swift.py` was not run after editing the .po file.
    #expect(Catalog.table(language) == catalog.entries)
  }

  @Test func theHeaderSaysThePluralRuleTheCodeApplies() throws {
    for language in Language.allCases {
      let text = try String(
        contentsOf: Self.root.appendingPathComponent("po/\(language.rawValue).po"),
        encoding: .utf8)
      #expect(text.contains("nplurals=\(language.pluralForms);"), "\(language)")
    }
    // Russian: 1 место, 2 места, 5 мест, 11 мест, 21 место, 22 места.
    let russian = [1, 2, 5, 11, 21, 22, 112].map { Language.russian.pluralForm($0) }
    #expect(russian == [0, 1, 2, 2, 0, 1, 2])
    #expect(Language.french.trn("{n} seat", "{n} seats", count: 0) == "0 poste")
    #expect(Language.german.trn("{n} seat", "{n} seats", count: 2) == "2 Plätze")
  }
}

/// A small reader for the catalogs (msgid, msgid_plural, msgstr, msgstr[n], continued
/// strings, comments, fuzzy entries left out), independent of the generator's.
struct PO {
  var entries: [String: [String]] = [:]
  var plurals: [String: String] = [:]

  static func parse(_ url: URL) throws -> PO {
    var po = PO()
    var fields: [(String, String)] = []
    var fuzzy = false
    func flush() {
      defer {
        fields = []
        fuzzy = false
      }
      guard let id = fields.first(where: { $0.0 == "msgid" })?.1, !id.isEmpty, !fuzzy else {
        return
      }
      po.entries[id] = fields.filter { $0.0.hasPrefix("msgstr") }.map(\.1)
      if let plural = fields.first(where: { $0.0 == "msgid_plural" })?.1 { po.plurals[id] = plural }
    }
    for raw in try String(contentsOf: url, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty {
        flush()
      } else if line.hasPrefix("#,") {
        if fields.contains(where: { $0.0 == "msgid" }) { flush() }
        fuzzy = line.contains("fuzzy")
      } else if line.hasPrefix("#") {
        continue
      } else if line.hasPrefix("\"") {
        if !fields.isEmpty { fields[fields.count - 1].1 += unquote(line) }
      } else if let space = line.firstIndex(of: " ") {
        let keyword = String(line[..<space])
        if keyword == "msgid" && fields.contains(where: { $0.0 == "msgid" }) { flush() }
        fields.append((keyword, unquote(String(line[line.index(after: space)...]))))
      }
    }
    flush()
    return po
  }

  static func unquote(_ text: String) -> String {
    var out = ""
    var escaped = false
    for character in text.dropFirst().dropLast() {
      if escaped {
        out.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        out.append(character)
      }
    }
    return out
  }
}

@Suite("Choosing the language")
struct LanguageChoiceTests {
  @Test(arguments: [
    ([:], Language.english),
    (["LANG": "fr_FR.UTF-8"], .french),
    (["LANG": "de_DE.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"], .japanese),
    (["LANG": "de_DE.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8", "LC_ALL": "ru_RU.UTF-8"], .russian),
    (["LANG": "pt_BR.UTF-8", "LANGUAGE": "es:fr"], .spanish),
    (["LANG": "pt_BR.UTF-8", "LANGUAGE": "nl:it"], .italian),
    (["LANG": "C", "LANGUAGE": "fr"], .english),
    (["LANG": "C.UTF-8", "LANGUAGE": "fr"], .english),
    (["LANG": "nl_NL.UTF-8"], .english),
    (["LANG": "es_MX.UTF-8", "LC_ALL": ""], .spanish),
  ] as [([String: String], Language)])
  func theLocaleChoosesInPOSIXOrder(environment: [String: String], language: Language) {
    #expect(Language.resolve(environment: environment) == language)
  }

  @Test func langOverridesTheLocaleAndUnknownIsEnglish() {
    #expect(Language.resolve(override: "ja", environment: ["LANG": "fr_FR.UTF-8"]) == .japanese)
    #expect(Language.resolve(override: "pt-BR", environment: [:]) == .portuguese)
    #expect(Language.resolve(override: "xx", environment: ["LANG": "fr_FR.UTF-8"]) == .english)
  }
}
