import Foundation
import PostgresStore
import PostgresTestServer
import SQLiteStore
import SubscriptionStore
import Subscriptions
import Testing

/// A store in a fresh temporary folder, on a real file (WAL and locking included).
struct TemporaryStore {
  let folder: String
  let path: String
  let store: SQLiteStore

  init() throws {
    folder = NSTemporaryDirectory() + "smartconnect-store-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    path = folder + "/store.sqlite"
    store = try SQLiteStore(path: path)
  }

  func reopen() throws -> SQLiteStore { try SQLiteStore(path: path) }
}

/// The stores the contract tests run against: DESIGN §5 wants the same tests for every
/// implementation of `SubscriptionStoring`, so a PostgreSQL store joins by adding a case.
enum StoreKind: String, CaseIterable, Sendable {
  case sqliteFile
  /// A fresh database on the test process's PostgreSQL server (skipped, saying why, when
  /// no server can start; a failure under CI=true).
  case postgres

  func makeStore() async throws -> any SubscriptionStoring {
    try await makeReopenableStore().store
  }

  /// A store, and a way to open its data again as a new store (a new connection to the same
  /// file or database), to read back what the first one wrote.
  func makeReopenableStore() async throws -> (
    store: any SubscriptionStoring, reopen: @Sendable () async throws -> any SubscriptionStoring
  ) {
    switch self {
    case .sqliteFile:
      let temporary = try TemporaryStore()
      return (temporary.store, { try temporary.reopen() })
    case .postgres:
      let temporary = try await TemporaryPostgres()
      return (temporary.store, { try await temporary.reopen() })
    }
  }
}

/// A fresh database with the schema on the test process's PostgreSQL server.
struct TemporaryPostgres {
  let server: TestPostgres
  let database: String
  let store: PostgresStore

  init() async throws {
    server = try await TestPostgres.forThisTest()
    database = try server.freshDatabase()
    store = try await Self.open(server, database)
  }

  /// A second store on the same database (its own connections).
  func reopen() async throws -> PostgresStore { try await Self.open(server, database) }

  private static func open(_ server: TestPostgres, _ database: String) async throws
    -> PostgresStore
  {
    let (location, _) = try PostgresLocation.parse(
      server.url(database: database), .init(environment: [:], osUser: "t", home: nil))
    return try await PostgresStore.open(location, home: nil)
  }
}

enum Fixture {
  /// 2027-01-15T09:00:00Z.
  static let now = UTCCalendar.date(year: 2027, month: 1, day: 15, hour: 9)

  static func context(_ now: Date = Fixture.now) -> WriteContext {
    WriteContext(now: now, operatorName: "alice", host: "bench-01", writeID: UUID())
  }

  static func code(_ seed: UInt64) -> ActivationCode {
    var random = SeededRandom(seed: seed)
    return ActivationCode.generate(using: &random)
  }

  static func devices(_ count: Int, site: String = "Lyon") -> [Device] {
    (1...count).map {
      Device(serial: "SN\($0)", name: "UPS \($0)", model: "Smart-UPS 1500", site: site)
    }
  }

  /// Issues and activates a plan, returning its id.
  static func activatedPlan(
    _ store: any SubscriptionStoring, tier: Tier, months: Int = 12, seats: Int, seed: UInt64,
    at now: Date = Fixture.now
  ) async throws -> Int64 {
    let code = code(seed)
    try await store.issue(
      Plan(tier: tier, termMonths: months, seats: seats), codes: [code], context: context(now))
    return try await store.activate(code, context: context(now)).id
  }
}
