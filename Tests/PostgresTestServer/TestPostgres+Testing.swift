import Foundation
import Testing

extension TestPostgres {
  /// Whether a server that cannot start must fail the tests (`CI=true`) rather than skip.
  public static var mustRun: Bool {
    ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
  }

  /// The sentence a skipped or failed PostgreSQL test shows.
  public static func unavailableMessage(_ reason: String) -> String {
    "PostgreSQL test server could not start: \(reason)"
  }

  /// The test process's server, for the test that is running. Without one the test is
  /// skipped saying why; under `CI=true` it fails instead (a test that needs a server never
  /// passes silently without it).
  public static func forThisTest() async throws -> TestPostgres {
    switch await shared() {
    case .ready(let server):
      return server
    case .unavailable(let reason):
      let message = unavailableMessage(reason)
      if mustRun {
        Issue.record(Comment(rawValue: message))
        throw Unavailable(message: message)
      }
      try Test.cancel(Comment(rawValue: message + " (skipped; CI=true makes this a failure)"))
    }
  }

  /// The failure of a test whose server could not start under `CI=true`.
  public struct Unavailable: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }
}
