import ArgumentParser
import Foundation
import Localization
import SubscriptionStore
import Subscriptions

/// The options every store-using command shares: `--store`, `--now`, `--operator`
/// (DESIGN §4), with their environment fallbacks.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      CommandLanguage.tr(
        "The store: an SQLite file's path or file:// URL, or a postgres:// URL for a shared fleet (env SMARTCONNECT_STORE; default $XDG_DATA_HOME/smartconnect/smartconnect.sqlite)."),
      valueName: "path|url"))
  var store: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      CommandLanguage.tr("Pretend it is this instant (env SMARTCONNECT_NOW); a bare date is 00:00Z."),
      valueName: "iso8601"))
  var now: String?

  @Option(
    name: .customLong("operator"),
    help: ArgumentHelp(
      CommandLanguage.tr("Who is working, for the audit trail (default: the login name)."),
      valueName: "name"))
  var operatorName: String?

  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp(
      CommandLanguage.tr(
        "The language of the screens and messages: en fr de it pt ru es ja (default: from LC_ALL, LC_MESSAGES, LANG, LANGUAGE; anything else is English)."),
      valueName: "code"))
  var lang: String?

  /// The language the screens speak: `--lang`, else the locale (POSIX order, LANGUAGE).
  var language: Language { Language.resolve(override: lang, environment: environment) }

  /// The environment the fallbacks are read from; a test can replace it.
  var environment: [String: String] { ProcessInfo.processInfo.environment }

  mutating func validate() throws {
    if let text = nowText {
      do {
        _ = try Timestamp.parse(text)
      } catch {
        let source = now != nil ? "--now" : "SMARTCONNECT_NOW"
        throw Self.usage(.badInstant(option: source, error))
      }
    }
    _ = try storeSpec()
    if let operatorName, operatorName.trimmingCharacters(in: .whitespaces).isEmpty {
      throw Self.usage(.emptyOperator)
    }
    // The audit trail is read by people, in terminals: no escape sequences in who did it.
    if let operatorName,
      operatorName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    {
      throw Self.usage(.operatorControlCharacter)
    }
  }

  // MARK: - Resolved values

  /// `--now`, else `SMARTCONNECT_NOW`, as typed.
  private var nowText: String? {
    now ?? environment["SMARTCONNECT_NOW"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The pinned instant, or `nil` when the commands run on the real clock.
  var pinnedNow: Date? {
    nowText.flatMap { try? Timestamp.parse($0) }
  }

  /// The instant a command acts at: the pinned one, else the clock.
  func currentNow() -> Date { pinnedNow ?? Date() }

  /// The store: `--store`, else `SMARTCONNECT_STORE`, else the user's SQLite file.
  func storeSpec() throws(ValidationError) -> StoreSpec {
    let given = store ?? environment["SMARTCONNECT_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    do {
      return try StoreOpener.spec(
        given, source: store != nil ? "--store" : "SMARTCONNECT_STORE", environment: environment)
    } catch {
      throw Self.usage(.store(error))
    }
  }

  /// A usage problem in words: ArgumentParser prints it with the usage line, exit 64.
  /// Words are chosen here because the parser takes only a string.
  static func usage(_ message: CommandMessage) -> ValidationError {
    ValidationError(CommandWords.text(message, CommandLanguage.current))
  }

  /// Opens (and if needed creates) the store.
  func openStore() async throws(StoreError) -> any SubscriptionStoring {
    let spec: StoreSpec
    do {
      spec = try storeSpec()
    } catch {
      // validate() has refused this already (in words: ArgumentParser takes a string).
      throw .failed(reason: .unexpected(detail: error.message))
    }
    return try await StoreOpener.open(spec, environment: environment, language: language)
  }

  /// Who writes, from where, and when, for the audit trail.
  func context(at instant: Date? = nil) -> WriteContext {
    WriteContext(
      now: instant ?? currentNow(), operatorName: resolvedOperator, host: Self.host,
      writeID: UUID())
  }

  /// `--operator`, else the login name.
  var resolvedOperator: String {
    if let operatorName { return operatorName }
    for name in ["LOGNAME", "USER"] {
      if let value = environment[name], !value.isEmpty { return value }
    }
    if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
      return String(cString: name)
    }
    return "uid \(geteuid())"
  }

  static var host: String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown host" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
