import Foundation
import PostgresStore

extension TestPostgres {
  /// A URL for `database` on this server, over TCP, as the superuser unless told otherwise.
  public func url(
    database: String, user: String? = nil, password: String? = nil, sslmode: String = "disable",
    extra: String = ""
  ) -> String {
    let user = user ?? superuser
    let password = password ?? self.password
    let secret = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    return "postgres://\(user):\(secret)@\(host):\(port)/\(database)?sslmode=\(sslmode)\(extra)"
  }

  /// Runs `sql` with psql as the superuser over the Unix socket; returns its unaligned output.
  @discardableResult
  public func psql(_ sql: String, database: String = "postgres", user: String? = nil) throws
    -> String
  {
    try shell.run([
      binaries + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketFolder,
      "-p", "\(port)", "-U", user ?? superuser, "-d", database, "-c", sql,
    ])
  }

  /// A new, empty database with the current schema, copied from the template.
  public func freshDatabase() throws -> String {
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    // A session on the template (its migration's, closing) makes the copy wait a moment.
    for attempt in 1...50 {
      do {
        try psql("CREATE DATABASE \(name) TEMPLATE \(Self.templateDatabase)")
        return name
      } catch where attempt < 50 && "\(error)".contains("being accessed by other users") {
        usleep(100_000)
      }
    }
    return name
  }

  /// A new database without any schema.
  public func emptyDatabase() throws -> String {
    let name = "e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    try psql("CREATE DATABASE \(name)")
    return name
  }

  /// The template every fresh database is copied from: the schema, made by the store's own
  /// migrations.
  func makeTemplate() async throws {
    try psql("CREATE DATABASE \(Self.templateDatabase)")
    let (location, _) = try PostgresLocation.parse(
      url(database: Self.templateDatabase),
      .init(environment: [:], osUser: superuser, home: nil))
    try await PostgresSchema.migrate(location, home: nil)
  }
}
