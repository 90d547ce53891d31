import Foundation
import Testing

@testable import PostgresStore

/// A home folder of its own with a `.pgpass` (mode 0600 unless told otherwise).
struct TemporaryHome {
  let path: String

  init(pgpass: String? = nil, mode: Int = 0o600) throws {
    path = NSTemporaryDirectory() + "smartconnect-home-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    if let pgpass { try write(".pgpass", pgpass, mode: mode) }
  }

  func write(_ name: String, _ text: String, mode: Int = 0o600) throws {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
  }

  func surroundings(_ environment: [String: String] = [:]) -> PostgresLocation.Surroundings {
    PostgresLocation.Surroundings(environment: environment, osUser: "tech", home: path)
  }
}

/// libpq's password file rules: fields, `*`, escapes, first match, and the 0600 check.
@Suite struct PasswordFileTests {
  func password(_ file: String, host: String = "db", port: String = "5432",
                database: String = "fleet", user: String = "alice") -> String? {
    PasswordFile.password(
      in: Array(file.utf8), host: host, port: port, database: database, user: user)
  }

  @Test func theFirstMatchingLineWins() {
    let file = """
      # a comment line: db:5432:fleet:alice:commented
      other:5432:fleet:alice:wrong-host
      db:5432:fleet:alice:right
      *:*:*:*:too-late
      """
    #expect(password(file) == "right")
  }

  @Test func aStarFieldMatchesAnythingButOnlyAsAWholeField() {
    #expect(password("*:5432:*:alice:any-host") == "any-host")
    #expect(password("d*:5432:fleet:alice:prefix") == nil)
    #expect(password("\\*:5432:fleet:alice:escaped", host: "*") == "escaped")
    #expect(password("\\*:5432:fleet:alice:escaped") == nil)
  }

  @Test func backslashEscapesColonsAndBackslashesInEveryField() {
    #expect(password("db:5432:fl\\:eet:alice:p\\:w\\\\d", database: "fl:eet") == "p:w\\d")
    // An unescaped colon ends the password (libpq ignores what follows).
    #expect(password("db:5432:fleet:alice:pw:trailing") == "pw")
  }

  @Test func thePortIsComparedAsTextAndEveryFieldExactly() {
    #expect(password("db:6432:fleet:alice:x") == nil)
    #expect(password("DB:5432:fleet:alice:x") == nil)
    #expect(password("db:5432:fleet:alic:x") == nil)
    #expect(password("db:5432:fleet") == nil)
  }

  @Test func windowsLineEndingsAndAnEmptyPasswordAreRead() {
    #expect(password("db:5432:fleet:alice:pw\r\n") == "pw")
    #expect(password("db:5432:fleet:alice:\n") == "")
  }

  @Test func aFileOthersCanReadIsIgnoredWithAWarning() throws {
    let home = try TemporaryHome(pgpass: "*:*:*:*:secret\n", mode: 0o644)
    let (location, warnings) = try PostgresLocation.parse("postgres://a@h/d", home.surroundings())
    #expect(location.password == nil)
    #expect(warnings == [.groupOrWorldAccess(path: home.path + "/.pgpass")])
    let groupOnly = try TemporaryHome(pgpass: "*:*:*:*:secret\n", mode: 0o620)
    #expect(try PostgresLocation.parse("postgres://a@h/d", groupOnly.surroundings()).location
      .password == nil)
    let strict = try TemporaryHome(pgpass: "*:*:*:*:secret\n", mode: 0o400)
    #expect(try PostgresLocation.parse("postgres://a@h/d", strict.surroundings()).location
      .password == "secret")
  }

  @Test func aFolderInPlaceOfTheFileIsIgnoredWithAWarning() throws {
    let home = try TemporaryHome()
    try FileManager.default.createDirectory(
      atPath: home.path + "/.pgpass", withIntermediateDirectories: true)
    let (location, warnings) = try PostgresLocation.parse("postgres://a@h/d", home.surroundings())
    #expect(location.password == nil)
    #expect(warnings == [.notAPlainFile(path: home.path + "/.pgpass")])
  }

  @Test func PGPASSFILENamesAnotherFile() throws {
    let home = try TemporaryHome(pgpass: "*:*:*:*:default-file\n")
    try home.write("elsewhere/passwords", "h:5432:d:a:named-file\n")
    let surroundings = home.surroundings(["PGPASSFILE": home.path + "/elsewhere/passwords"])
    #expect(try PostgresLocation.parse("postgres://a@h/d", surroundings).location.password
      == "named-file")
  }

  @Test func theLineIsMatchedAgainstTheEffectiveUserDatabaseAndPort() throws {
    let home = try TemporaryHome(pgpass: "localhost:5432:tech:tech:defaults\n")
    #expect(try PostgresLocation.parse("postgres://", home.surroundings()).location.password
      == "defaults")
    // The default socket folder counts as localhost; another socket folder does not.
    let socket = "postgres://tech@%2Fvar%2Frun%2Fpostgresql/tech"
    #expect(try PostgresLocation.parse(socket, home.surroundings()).location.password
      == "defaults")
    #expect(try PostgresLocation.parse("postgres://tech@%2Ftmp/tech", home.surroundings())
      .location.password == nil)
  }
}
