import Foundation

extension TestPostgres {
  /// Whether a server that cannot start must fail the tests (`CI=true`) rather than skip.
  public static var mustRun: Bool {
    ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
  }

  /// The sentence a skipped or failed PostgreSQL test shows.
  public static func unavailableMessage(_ reason: String) -> String {
    "PostgreSQL test server could not start: \(reason)"
  }
}
