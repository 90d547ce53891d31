import Foundation
import SubscriptionStore

@testable import PostgresStore

/// What the store tests that write through `PostgresStore` share: a write's context and a
/// store opened on a test server's URL.
enum TestStores {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  /// A context for one write, with an id of its own.
  static func context() -> WriteContext {
    WriteContext(now: now, operatorName: "alice", host: "bench-01", writeID: UUID())
  }

  /// The store at `url`, with the given statement timeout (seconds).
  static func open(_ url: String, statementTimeout: Double) async throws -> PostgresStore {
    let (location, _) = try PostgresLocation.parse(
      url, .init(environment: [:], osUser: "t", home: nil))
    return try await PostgresStore.open(location, home: nil, statementTimeout: statementTimeout)
  }
}
