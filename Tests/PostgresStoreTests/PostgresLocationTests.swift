import Foundation
import Testing

@testable import PostgresStore
import SubscriptionStore

/// Reading a store URL as libpq reads it (no server needed).
@Suite struct PostgresLocationTests {
  static let nowhere = PostgresLocation.Surroundings(
    environment: [:], osUser: "tech", home: "/nonexistent-home")

  func parse(_ text: String, _ surroundings: PostgresLocation.Surroundings = nowhere) throws
    -> PostgresLocation
  {
    try PostgresLocation.parse(text, surroundings).location
  }

  @Test func everyPartOfAFullURLIsRead() throws {
    let location = try parse(
      "postgres://alice:s3cret@db.example.com:6432/fleet?sslmode=require&connect_timeout=5")
    #expect(location.user == "alice")
    #expect(location.password == "s3cret")
    #expect(location.host == "db.example.com")
    #expect(location.port == 6432)
    #expect(location.database == "fleet")
    #expect(location.sslMode == .require)
    #expect(location.connectTimeout == 5)
    #expect(location.displayName == "postgres://alice@db.example.com:6432/fleet?sslmode=require")
  }

  @Test func postgresqlSchemeIsTheSame() throws {
    let location = try parse("postgresql://bob@10.0.0.7/ups")
    #expect(location.user == "bob")
    #expect(location.host == "10.0.0.7")
    #expect(location.port == 5432)
    #expect(location.displayName.hasPrefix("postgresql://bob@10.0.0.7:5432/ups"))
    #expect(PostgresLocation.isPostgresURL("POSTGRESQL://x"))
    #expect(!PostgresLocation.isPostgresURL("/var/lib/store.sqlite"))
  }

  @Test func percentEscapesAreDecodedInEveryPart() throws {
    let location = try parse("postgres://j%40ne:p%3Aw%2Fd%40%25@h/my%20fleet")
    #expect(location.user == "j@ne")
    #expect(location.password == "p:w/d@%")
    #expect(location.database == "my fleet")
  }

  @Test func missingPartsComeFromLibpqsVariablesThenItsDefaults() throws {
    let bare = try parse("postgres://")
    #expect(bare.user == "tech")
    #expect(bare.database == "tech")
    #expect(bare.host == "localhost")
    #expect(bare.port == 5432)
    #expect(bare.sslMode == .prefer)
    #expect(bare.connectTimeout == PostgresLocation.defaultConnectTimeout)
    let environment = PostgresLocation.Surroundings(
      environment: [
        "PGUSER": "u", "PGHOST": "h", "PGPORT": "7000", "PGDATABASE": "d",
        "PGSSLMODE": "verify-full", "PGCONNECT_TIMEOUT": "7",
      ], osUser: "tech", home: nil)
    let filled = try parse("postgres://", environment)
    #expect([filled.user, filled.host, filled.database] == ["u", "h", "d"])
    #expect(filled.port == 7000)
    #expect(filled.sslMode == .verifyFull)
    #expect(filled.connectTimeout == 7)
    // The URL wins over the environment.
    #expect(try parse("postgres://x@y:1/z?sslmode=disable", environment).sslMode == .disable)
  }

  @Test func queryParametersOverrideTheURLsParts() throws {
    let location = try parse(
      "postgres://a@h/d?user=b&dbname=e&port=6000&host=%2Fvar%2Frun%2Fpostgresql")
    #expect(location.user == "b")
    #expect(location.database == "e")
    #expect(location.port == 6000)
    #expect(location.isUnixSocket)
    #expect(location.socketPath == "/var/run/postgresql/.s.PGSQL.6000")
    #expect(location.displayName.contains("host=/var/run/postgresql"))
  }

  @Test func anIPv6HostIsWrittenInBrackets() throws {
    let location = try parse("postgres://a@[::1]:5433/d")
    #expect(location.host == "::1")
    #expect(location.port == 5433)
    #expect(location.displayName == "postgres://a@[::1]:5433/d")
  }

  @Test func connectTimeoutIsAlwaysBounded() throws {
    #expect(try parse("postgres://h/d?connect_timeout=0").connectTimeout == 10)
    #expect(try parse("postgres://h/d?connect_timeout=-3").connectTimeout == 10)
    #expect(try parse("postgres://h/d?connect_timeout=1").connectTimeout == 2)
    #expect(try parse("postgres://h/d?connect_timeout=45").connectTimeout == 45)
  }

  @Test(arguments: [
    ("postgres://a:pw@h:99999/d", StoreReason.badPort("99999")),
    ("postgres://a:pw@h:port/d", .badPort("port")),
    ("postgres://a:pw@h/d?sslmode=allow", .unknownSSLMode("allow")),
    ("postgres://a:pw@h/d?sslmode=on", .unknownSSLMode("on")),
    ("postgres://a:pw@h/d?sslcert=x", .unknownParameter("sslcert", known: URLParts.knownParameters.sorted())),
    ("postgres://a:pw@h/d?connect_timeout=soon", .badConnectTimeout("soon")),
    ("postgres://a:pw@h1,h2/d", .severalHosts),
    ("postgres://a:p%zzw@h/d", .brokenEscape(in: .password)),
    ("postgres://a:pw@[::1/d", .unclosedIPv6Address),
    ("postgres://a:pw@h/d?sslmode", .parameterWithoutValue("sslmode")),
    ("mysql://a:pw@h/d", .notAPostgresURL),
  ])
  func badURLsAreRefusedSayingWhyWithoutThePassword(url: String, reason: StoreReason) {
    #expect {
      try parse(url)
    } throws: { error in
      guard let error = error as? PostgresLocationError else { return false }
      let text = String(describing: error)
      return error.reason == reason && !text.contains("pw") && !text.contains("p%zzw")
    }
  }

  @Test func theDisplayNameNeverHoldsThePassword() throws {
    for password in ["pw", "hunter2", "h%40ck", "a:b", "x&y"] {
      let query = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
      let text = "postgres://alice:\(password)@db/fleet?sslmode=require&password=\(query)"
      let location = try parse(text)
      #expect(!location.displayName.contains(password))
      #expect(!location.displayName.contains("password"))
    }
  }

  @Test func thePasswordComesFromTheURLThenPGPASSWORDThenThePasswordFile() throws {
    let home = try TemporaryHome(pgpass: "*:*:*:*:from-file\n")
    let withVariable = home.surroundings(["PGPASSWORD": "from-env"])
    #expect(try parse("postgres://a:from-url@h/d", withVariable).password == "from-url")
    #expect(try parse("postgres://a@h/d", withVariable).password == "from-env")
    #expect(try parse("postgres://a@h/d", home.surroundings()).password == "from-file")
    #expect(try parse("postgres://a@h/d", home.surroundings(["PGPASSWORD": ""])).password
      == "from-file")
  }
}
