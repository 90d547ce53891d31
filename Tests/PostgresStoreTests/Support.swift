import Foundation
import PostgresTestServer
import Testing

/// The test process's server. Without one, the test is skipped saying why; under `CI=true`
/// it fails instead (a test that needs a server never passes silently without it).
func testServer() async throws -> TestPostgres {
  switch await TestPostgres.shared() {
  case .ready(let server):
    return server
  case .unavailable(let reason):
    let message = TestPostgres.unavailableMessage(reason)
    if TestPostgres.mustRun {
      Issue.record(Comment(rawValue: message))
      throw ServerUnavailable(message: message)
    }
    try Test.cancel(Comment(rawValue: message + " (skipped; CI=true makes this a failure)"))
  }
}

struct ServerUnavailable: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
