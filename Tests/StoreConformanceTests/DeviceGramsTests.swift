import Foundation
import GRDB
import Subscriptions
import Testing

@testable import PostgresStore
@testable import SQLiteStore
@testable import SubscriptionStore

/// Whether `text` holds `needle` as a run of scalars: what `instr` and `strpos` answer.
func holds(_ text: String, _ needle: String) -> Bool {
  let scalars = Array(text.unicodeScalars)
  let wanted = Array(needle.unicodeScalars)
  guard !wanted.isEmpty, wanted.count <= scalars.count else { return false }
  return (0...(scalars.count - wanted.count)).contains {
    Array(scalars[$0..<$0 + wanted.count]) == wanted
  }
}

/// Every run of one or two scalars in `texts` (as scalar values), with the number of texts
/// holding it.
func bruteGrams(_ texts: [String]) -> [[UInt32]: Int] {
  var counts: [[UInt32]: Int] = [:]
  for text in texts {
    let scalars = text.unicodeScalars.map(\.value)
    var runs = Set<[UInt32]>()
    for i in scalars.indices {
      runs.insert([scalars[i]])
      if i + 1 < scalars.count { runs.insert([scalars[i], scalars[i + 1]]) }
    }
    for run in runs { counts[run, default: 0] += 1 }
  }
  return counts
}

/// Keyed by scalars, not by `String` equality (which takes "e\u{301}" for "é").
func byScalars(_ counts: [(gram: String, devices: Int)]) -> [[UInt32]: Int] {
  Dictionary(uniqueKeysWithValues: counts.map { ($0.gram.unicodeScalars.map(\.value), $0.devices) })
}

/// The overview order as the stores sort: site, name, serial, byte by byte.
func inListOrder(_ devices: [Device]) -> [Device] {
  devices.sorted {
    [$0.site, $0.name, $0.serial].map { Array($0.utf8) + [0] }.joined()
      .lexicographicallyPrecedes([$1.site, $1.name, $1.serial].map { Array($0.utf8) + [0] }.joined())
  }
}

@Suite struct DeviceGramsTests {
  static let texts = [
    "ups 1\u{1F}as1\u{1F}smart-ups\u{1F}lyon", "guérite\u{1F}3b1", "gue\u{301}rite\u{1F}3b2",
    "test rig 🔋 ups\u{1F}as2", "大阪ラボ ups\u{1F}as3", "aaaa\u{1F}a", "überwachung\u{1F}e5",
  ]

  @Test func tallyCountsEachDeviceOncePerRunOfOneOrTwoScalars() {
    var grams = DeviceGrams()
    for text in Self.texts { grams.add(text) }
    #expect(byScalars(grams.counts) == bruteGrams(Self.texts))
    let counts = byScalars(grams.counts)
    #expect(counts[Array("a".unicodeScalars.map(\.value))] == 5)
    #expect(counts[Array("aa".unicodeScalars.map(\.value))] == 1)
    // "é" (one scalar) and "e" + combining acute (two) are different runs, as in `instr`.
    #expect(counts[[0xE9]] == 1)
    #expect(counts[[0x65, 0x301]] == 1)
    #expect(counts[[0x1F50B]] == 1)
  }

  /// SQLite: whatever way devices came in or went (loads, a refused load, one by one by
  /// hand, a changed search text, a deletion), `device_gram` is the tally of the devices
  /// there are.
  @Test func sqliteGramTableIsTheTallyOfTheDevicesThere() async throws {
    let temp = try TemporaryStore()
    let fleet = DeviceListTests.fleet
    try await temp.store.addDevices(Array(fleet[0..<3]), context: Fixture.context())
    await #expect(throws: StoreError.self) {
      try await temp.store.addDevices([fleet[3], fleet[0]], context: Fixture.context())
    }
    try await temp.store.addDevices(Array(fleet[3...]), context: Fixture.context())
    try await temp.store.pool.write { db in
      try db.execute(
        sql: """
          INSERT INTO device (serial, name, model, site, search, added_at)
          VALUES ('H1', 'Gue\u{301}rite', '', '', 'gue\u{301}rite\u{1F}h1\u{1F}\u{1F}', 0),
                 ('H2', 'aa', '', '', 'aa\u{1F}h2\u{1F}\u{1F}', 0);
          UPDATE device SET search = 'zz\u{1F}h2\u{1F}\u{1F}' WHERE serial = 'H2';
          DELETE FROM device WHERE serial = 'C3';
          """)
    }
    try await temp.store.pool.read { db in
      let texts = try String.fetchAll(db, sql: "SELECT search FROM device")
      let stored = try Row.fetchAll(db, sql: "SELECT gram, devices FROM device_gram")
        .map { (gram: $0[0] as String, devices: $0[1] as Int) }
      #expect(byScalars(stored) == bruteGrams(texts))
    }
  }

  /// SQLite: a store that had devices before v6 gets their tally when it is migrated.
  @Test func sqliteMigrationCountsTheDevicesAlreadyThere() async throws {
    let folder = NSTemporaryDirectory() + "smartconnect-v5-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/store.sqlite"
    let queue = try DatabaseQueue(path: path)
    try SQLiteStore.migrator.migrate(queue, upTo: "v5-bulk-device-load")
    let texts = DeviceGramsTests.texts
    try await queue.write { db in
      for (index, text) in texts.enumerated() {
        try db.execute(
          sql: """
            INSERT INTO device (serial, name, model, site, search, added_at)
            VALUES (?, 'n', '', '', ?, 0)
            """, arguments: ["S\(index)", text])
      }
    }
    try queue.close()
    let store = try SQLiteStore(path: path)
    let stored = try await store.pool.read { db in
      try Row.fetchAll(db, sql: "SELECT gram, devices FROM device_gram")
        .map { (gram: $0[0] as String, devices: $0[1] as Int) }
    }
    #expect(byScalars(stored) == bruteGrams(texts))
  }

  /// Every store: a filter of one or two characters is counted, and its window read, with
  /// the matches `instr` gives, after loads and single adds alike.
  @Test(arguments: StoreKind.allCases)
  func shortFilterCountsAndWindowsAreTheSubstringMatches(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    let fleet =
      DeviceListTests.fleet
      + [Device(serial: "G1", name: "Guérite", site: "Lyon"),
        Device(serial: "G2", name: "Gue\u{301}rite", site: "Lyon")]
    try await store.addDevices(Array(fleet[0..<4]), context: Fixture.context())
    for device in fleet[4...] { try await store.addDevices([device], context: Fixture.context()) }
    let ordered = inListOrder(fleet)
    for filter in ["a", "A", "ly", "1", "é", "e\u{301}", "ü", "q", "qz", "5\u{1F}", "-"] {
      let needle = DeviceSearch.needle(filter)
      let expected = ordered.filter { holds(DeviceSearch.text(of: $0), needle) }
      #expect(try await store.deviceCount(filter: filter) == expected.count, "\(filter)")
      #expect(
        try await store.devices(filter: filter, window: .first(limit: 100)) == expected,
        "\(filter)")
    }
  }
}

/// PostgreSQL: `device_gram` against the devices there, read through psql as hex.
@Suite struct PostgresDeviceGramsTests {
  static func text(hex: Substring) -> String {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func stored(_ temp: TemporaryPostgres) throws -> [[UInt32]: Int] {
    let lines = try temp.server.psql(
      """
      SELECT encode(convert_to(gram, 'UTF8'), 'hex') || ' ' || devices
      FROM smartconnect.device_gram
      """, database: temp.database
    ).split(separator: "\n")
    return byScalars(
      lines.map { line in
        let parts = line.split(separator: " ")
        return (text(hex: parts[0]), Int(parts[1]) ?? -1)
      })
  }

  static func expected(_ temp: TemporaryPostgres) throws -> [[UInt32]: Int] {
    let lines = try temp.server.psql(
      "SELECT encode(convert_to(search, 'UTF8'), 'hex') FROM smartconnect.device",
      database: temp.database
    ).split(separator: "\n")
    return bruteGrams(lines.map { text(hex: $0) })
  }

  @Test func gramTableIsTheTallyOfTheDevicesThere() async throws {
    let temp = try await TemporaryPostgres()
    let fleet = DeviceListTests.fleet
    try await temp.store.addDevices(Array(fleet[0..<3]), context: Fixture.context())
    await #expect(throws: StoreError.self) {
      try await temp.store.addDevices([fleet[3], fleet[0]], context: Fixture.context())
    }
    try await temp.store.addDevices(Array(fleet[3...]), context: Fixture.context())
    #expect(try Self.stored(temp) == Self.expected(temp))
    // By hand, outside an import: the statement triggers count.
    _ = try temp.server.psql(
      """
      SET search_path = smartconnect;
      INSERT INTO device (serial, name, model, site, search, added_at)
      VALUES ('H1', 'x', '', '', 'gue' || chr(769) || 'rite' || chr(31) || 'h1', 0),
             ('H2', 'aa', '', '', 'aa' || chr(31) || 'h2', 0);
      UPDATE device SET search = 'zz' || chr(31) || 'h2' WHERE serial = 'H2';
      DELETE FROM device WHERE serial = 'C3';
      """, database: temp.database)
    #expect(try Self.stored(temp) == Self.expected(temp))
    // The migration's fill, from the devices there.
    _ = try temp.server.psql(
      "SET search_path = smartconnect; DELETE FROM device_gram; " + PostgresSchema.v5[3],
      database: temp.database)
    #expect(try Self.stored(temp) == Self.expected(temp))
  }
}
