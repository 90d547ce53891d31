import Foundation
import Localization
import PostgresStore
import SQLiteStore
import SubscriptionStore
import Wizard
import Subscriptions

/// Which store `--store` (or `SMARTCONNECT_STORE`) names.
enum StoreSpec: Equatable, Sendable {
  /// An SQLite file.
  case sqlite(path: String)
  /// A PostgreSQL database, as its `postgres://` or `postgresql://` URL.
  case postgres(url: String)
}

/// The one place that knows every store implementation: it turns `--store` into a store.
/// Commands and the wizard get `any SubscriptionStoring` and name nothing else.
enum StoreOpener {
  /// The store named by `given` (`--store` or the environment's value, `source` naming
  /// which for messages), else the user's default SQLite file.
  static func spec(_ given: String?, source: String, environment: [String: String])
    throws(StoreSpecError) -> StoreSpec
  {
    guard let given else {
      return .sqlite(path: StoreLocation.defaultPath(environment: environment))
    }
    if given.trimmingCharacters(in: .whitespaces).isEmpty {
      throw .empty(source: source)
    }
    if given.hasPrefix("file://") {
      guard let url = URL(string: given), url.isFileURL, !url.path.isEmpty else {
        throw .notAFileURL(source: source, given: given)
      }
      return .sqlite(path: url.path)
    }
    if given.hasPrefix("postgres://") || given.hasPrefix("postgresql://") {
      return .postgres(url: given)
    }
    if let colon = given.range(of: "://") {
      throw .unknownScheme(source: source, scheme: String(given[..<colon.lowerBound]))
    }
    return .sqlite(path: given)
  }

  /// Opens (and if needed creates and migrates) the store.
  static func open(
    _ spec: StoreSpec, environment: [String: String], language: Language = .english
  ) async throws(StoreError)
    -> any SubscriptionStoring
  {
    switch spec {
    case .sqlite(let path):
      return try await SQLiteStore.open(path: path)
    case .postgres(let url):
      return try await openPostgres(url, environment: environment, language: language)
    }
  }

  /// A PostgreSQL store: the URL read as libpq reads it (the password from the URL,
  /// `PGPASSWORD` or `~/.pgpass`, whose warnings go to stderr as libpq's do).
  private static func openPostgres(
    _ url: String, environment: [String: String], language: Language
  )
    async throws(StoreError) -> PostgresStore
  {
    let surroundings = PostgresLocation.Surroundings.current(environment: environment)
    let parsed: (location: PostgresLocation, warnings: [PasswordFileWarning])
    do {
      parsed = try PostgresLocation.parse(url, surroundings)
    } catch {
      throw .unreachable(store: error.shown, reason: error.reason)
    }
    for warning in parsed.warnings {
      StandardStreams.err(Words.text(warning, language) + "\n")
    }
    return try await PostgresStore.open(
      parsed.location, home: surroundings.home,
      statementTimeout: PostgresLocation.statementTimeout(environment: environment))
  }

  /// `store init`: creates (or updates) the technicians' role on a PostgreSQL store.
  static func setUpTechnicianRole(
    _ store: any SubscriptionStoring, name: String, password: String, context: WriteContext
  ) async throws(StoreError) {
    guard let store = store as? PostgresStore else {
      throw .failed(reason: .rolesNeedPostgres)
    }
    // The password's salt: this is the edge where randomness comes in.
    var random = SystemRandomNumberGenerator()
    try await store.setUpTechnicianRole(
      name: name, password: password, context: context, random: &random)
  }

  /// A fresh SQLite store in a new 0700 temporary folder, seeded with the demo fleet at
  /// `now`; the folder is the caller's to delete.
  static func openDemo(now: Date) async throws(StoreError) -> (
    store: any SubscriptionStoring, demoCodes: [String], folder: URL
  ) {
    var template = Array(
      (FileManager.default.temporaryDirectory.path + "/smartconnect-demo-XXXXXX").utf8CString)
    // mkdtemp creates the folder with mode 0700: the demo store is nobody else's to read.
    guard let created = mkdtemp(&template) else {
      throw StoreError.cannotOpen(
        path: String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self),
        reason: .noTemporaryFolder(detail: String(cString: strerror(errno))))
    }
    let folder = URL(fileURLWithPath: String(cString: created))
    do {
      let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
      let fleet = try await DemoFleet.seed(into: store, now: now)
      return (store, fleet.demoCodes, folder)
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }

  /// A URL as messages show it: any password replaced by `***`.
  static func withoutPassword(_ url: String) -> String {
    guard var parts = URLComponents(string: url), parts.password != nil else {
      return StoreError.printable(url)
    }
    parts.password = "***"
    return StoreError.printable(parts.string ?? url)
  }
}

/// `--store` names no store smartconnect can open (`source` says whether `--store` or
/// `SMARTCONNECT_STORE`); `CommandWords` says what to give.
enum StoreSpecError: Error, Equatable, Sendable {
  case empty(source: String)
  case notAFileURL(source: String, given: String)
  case unknownScheme(source: String, scheme: String)
}
