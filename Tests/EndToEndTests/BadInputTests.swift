import Foundation
import GRDB
import Testing

/// Bad input through the built binary (issue 7's table, beyond what RefusalTests covers):
/// each case gets a clear message, exit 1 (64 for usage), and leaves every row of the store
/// as it was.
@Suite struct BadInputTests {
  /// A store with three devices, a 1-seat code already assigned to BI-1, a 2-seat code
  /// activated with both seats free, and a code whose redeem-by date has passed.
  struct Fleet {
    var store: CLIStore
    var full: String
    var fresh: String
    var expired: String

    init() async throws {
      store = try CLIStore()
      try await store.addDevices(["BI-1", "BI-2", "BI-3"])
      full = try await store.issue(seats: 1)[0]
      fresh = try await store.issue(seats: 2)[0]
      expired = try await store.issue(seats: 1, redeemBy: "2026-01-31")[0]
      try await store.must(["activate", full, "--device", "BI-1"])
      try await store.must(["activate", fresh])
    }
  }

  /// Runs `arguments` (CODE, FULL, EXPIRED replaced) and checks status, message, no change.
  func refused(
    _ arguments: [String], stdin: String? = nil, status: Int32, phrases: [String],
    fleet: Fleet? = nil
  ) async throws -> Binary.Output {
    let fleet = try await { () async throws -> Fleet in
      if let fleet { return fleet }
      return try await Fleet()
    }()
    defer { fleet.store.remove() }
    let before = try fleet.store.snapshot()
    let resolved = arguments.map {
      ["CODE": fleet.fresh, "FULL": fleet.full, "EXPIRED": fleet.expired][$0] ?? $0
    }
    let output = try await fleet.store.run(resolved, stdin: stdin)
    #expect(output.status == status && !output.signalled, "\(output)")
    for phrase in phrases { #expect(output.stderr.contains(phrase), "\(phrase): \(output)") }
    #expect(output.stderr.count < 400, "the message is buried: \(output.stderr.count) bytes")
    #expect(try fleet.store.snapshot() == before, "the store changed")
    for code in [fleet.fresh, fleet.full, fleet.expired] {
      #expect(!output.stdout.contains(code) && !output.stderr.contains(code))
    }
    return output
  }

  static let longCode = String(repeating: "7K3QM", count: 2_000)

  @Test(
    arguments: [
      (["activate", "FULL", "--device", "BI-2"], 1, ["All seats", "assigned to: BI-1"]),
      (["activate", "EXPIRED"], 1, ["had to be activated by 2026-01-31"]),
      (["activate", "EXPIRED", "--device", "BI-2"], 1, ["had to be activated by 2026-01-31"]),
      (
        ["activate", "CODE", "--device", "BI-1", "--device", "BI-9"], 1,
        ["No device with serial BI-9"]
      ),
      (
        ["activate", "CODE", "--device", "X\u{1B}[2JY"], 1, [#"No device with serial X\u{1b}[2JY"#]
      ),
      (
        ["activate", "CODE", "--device", "\u{1B}]0;t\u{07}", "--device", "\u{1B}]0;t\u{07}"], 1,
        ["named twice"]
      ),
      (["activate", longCode], 1, ["Found 10,000 symbols"]),
      (["activate", longCode, "--device", "BI-2"], 1, ["Found 10,000 symbols"]),
      (["code", "check", longCode], 1, ["(10,000 characters)", "Found 10,000 symbols"]),
      (["activate", "CODE", "--now", "yesterday"], 64, ["--now"]),
      (["activate", "CODE", "--device", "BI-2", "--now", "2026-02-30"], 64, ["--now"]),
      (["overview", "--now", "2026-06-01T25:00:00Z"], 64, ["--now"]),
      (["device", "add", "BI-4", "--name", "Evil\u{1B}[2J UPS"], 64, ["control character"]),
      (
        ["activate", "CODE", "--device", "BI-2", "--operator", "bob\u{1B}[2J"], 64,
        ["--operator", "control character"]
      ),
      (
        ["device", "add", "BI-4", "--name", "Bell\u{07}", "--site", "x"], 64, ["control character"]
      ),
      (
        ["device", "add", "BI-4", "--name", "ok", "--site", "\u{1B}]0;title\u{07}"], 64,
        ["control character"]
      ),
    ] as [([String], Int32, [String])])
  func refusedWithAMessageAndNothingWritten(
    arguments: [String], status: Int32, phrases: [String]
  ) async throws {
    let output = try await refused(arguments, status: status, phrases: phrases)
    #expect(!output.stderr.contains("\u{1B}"), "an escape reached the terminal raw")
  }

  /// `SMARTCONNECT_NOW` that is not a date is a usage error too, named by its source.
  @Test func environmentNowThatIsNotADateIsAUsageError() async throws {
    let fleet = try await Fleet()
    defer { fleet.store.remove() }
    let before = try fleet.store.snapshot()
    let output = try await fleet.store.run(
      ["activate", fleet.fresh, "--device", "BI-2"], environment: ["SMARTCONNECT_NOW": "soon"])
    #expect(output.status == 64, "\(output)")
    #expect(output.stderr.contains("SMARTCONNECT_NOW"), "\(output)")
    #expect(try fleet.store.snapshot() == before)
  }

  /// CSV rows with an escape sequence or an invalid UTF-8 byte: the line is named, nothing
  /// is imported, and the escape is not echoed raw.
  @Test(
    arguments: [
      (
        Array("serial,name\nBI-5,Fine\nBI-6,Evil\u{1B}[2J UPS\n".utf8),
        ["Line 3", "control character"]
      ),
      (Array("serial,name\nBI-5,Fine\nBI-6,Caf".utf8) + [0xC3, 0x28, 0x0A], ["Line 3", "UTF-8"]),
      (Array("serial,name\nBI-5,Fine\n".utf8) + [0xFF, 0xFE, 0x0A], ["Line 3", "UTF-8"]),
      (
        [0xEF, 0xBB, 0xBF] + Array("serial,name\r\nBI-5,\"a\u{00}b\"\r\n".utf8),
        ["Line 2", "control"]
      ),
    ] as [([UInt8], [String])])
  func badCSVImportsNothing(bytes: [UInt8], phrases: [String]) async throws {
    let fleet = try await Fleet()
    let file = fleet.store.folder.appendingPathComponent("bad.csv")
    try Data(bytes).write(to: file)
    let output = try await refused(
      ["device", "import", file.path], status: 1, phrases: phrases + ["Nothing was imported"],
      fleet: fleet)
    #expect(!output.stderr.contains("\u{1B}"), "an escape reached the terminal raw")
  }

  // MARK: - The store file

  /// A store written by a newer build (a migration this build does not know): refused
  /// before anything is read or written.
  @Test func storeFromANewerBuildIsRefusedAndLeftAlone() async throws {
    let fleet = try await Fleet()
    defer { fleet.store.remove() }
    try Self.writeDirectly(fleet.store) { db in
      try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')")
    }
    let before = try fleet.store.snapshot()
    for arguments in [["overview"], ["activate", fleet.fresh, "--device", "BI-2"]] {
      let output = try await fleet.store.run(arguments)
      #expect(output.status == 1, "\(output)")
      #expect(output.stderr.contains("newer smartconnect"), "\(output)")
    }
    #expect(try fleet.store.snapshot() == before)
  }

  /// A name with ESC[2J that got into the store some other way (an older build, another
  /// tool) is shown escaped by `overview`, in text and in JSON; the escape never reaches
  /// the terminal raw.
  @Test func escapeSequenceInAStoredNameIsShownEscaped() async throws {
    let store = try CLIStore()
    defer { store.remove() }
    try await store.addDevices(["BI-1"])
    try Self.insertDevice(store, serial: "BI-EVIL", name: "Evil\u{1B}[2J\u{1B}]0;pwned\u{07} UPS")
    let text = try await store.run(["overview"])
    #expect(text.status == 0, "\(text)")
    #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\u{07}"), "\(text)")
    #expect(text.stdout.contains("Evil\\u{1b}[2J\\u{1b}]0;pwned\\u{7} UPS"), "\(text)")
    let json = try await store.run(["overview", "--json"])
    #expect(!json.stdout.contains("\u{1B}") && !json.stdout.contains("\u{07}"), "\(json)")
    #expect(json.stdout.contains(#"Evil\u001b[2J\u001b]0;pwned\u0007 UPS"#), "\(json)")
    let parsed = try await store.overview()
    #expect(parsed.devices.contains { $0.name == "Evil\u{1B}[2J\u{1B}]0;pwned\u{07} UPS" })
  }

  /// Writes to the store file behind smartconnect's back, as another tool could.
  static func writeDirectly(_ store: CLIStore, _ body: (Database) throws -> Void) throws {
    let queue = try DatabaseQueue(path: store.path)
    try queue.inDatabase { db in try body(db) }
  }

  static func insertDevice(_ store: CLIStore, serial: String, name: String) throws {
    try writeDirectly(store) { db in
      try db.execute(
        sql: """
          INSERT INTO device (serial, name, model, site, search, added_at)
          VALUES (?, ?, 'Smart-UPS 750', 'Lyon', lower(? || ' ' || ?), 0)
          """, arguments: [serial, name, name, serial])
    }
  }

  /// `--devices-from` naming a folder, an empty file, or a file with a serial twice or an
  /// escape sequence: refused, the code not even activated.
  @Test(
    arguments: [
      ("folder", 64, "is a folder"), ("", 1, "lists no serials"), ("\n  \n", 1, "lists no serials"),
      ("BI-2\nBI-2\n", 1, "named twice"), ("BI-2\nX\u{1B}[2J\n", 1, #"X\u{1b}[2J"#),
    ] as [(String, Int32, String)])
  func badDeviceListIsRefused(content: String, status: Int32, phrase: String) async throws {
    let fleet = try await Fleet()
    let code = try await fleet.store.issue(seats: 2)[0]
    let list = fleet.store.folder.appendingPathComponent("serials")
    if content == "folder" {
      try FileManager.default.createDirectory(at: list, withIntermediateDirectories: true)
    } else {
      try content.write(to: list, atomically: true, encoding: .utf8)
    }
    let output = try await refused(
      ["activate", code, "--devices-from", list.path], status: status, phrases: [phrase],
      fleet: fleet)
    #expect(!output.stderr.contains("\u{1B}") && !output.stderr.contains("Domain="), "\(output)")
  }

  /// `--store` naming something that is not a store file: a clear refusal, nothing created
  /// or changed there.
  @Test(
    arguments: [
      ("device", 1, "not a regular file"), ("fifo", 1, "not a regular file"),
      ("folder", 1, "it is a folder"), ("empty", 64, "--store: give the path"),
    ] as [(String, Int32, String)])
  func storeThatIsNotAFileIsRefused(kind: String, status: Int32, phrase: String) async throws {
    let store = try CLIStore()
    defer { store.remove() }
    let fifo = store.folder.appendingPathComponent("pipe").path
    mkfifo(fifo, 0o600)
    let path = ["device": "/dev/null", "fifo": fifo, "folder": store.folder.path, "empty": ""][kind]
    let output = try await store.run(
      ["device", "add", "ODD-1", "--name", "Odd", "--store", path ?? ""])
    #expect(output.status == status, "\(output)")
    #expect(output.stderr.contains(phrase), "\(output)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: store.folder.path) == ["pipe"],
      "something was created beside the odd store")
  }

  // MARK: - Read-only and full

  /// How to run the binary so that permission bits apply: as `nobody` when the tests run
  /// as root (root ignores them), directly otherwise. The built binary is used where
  /// `nobody` can reach it, else a copy in the store's folder.
  static func unprivileged(_ store: CLIStore) throws -> (URL, [String]) {
    let built = try Binary.executableURL()
    guard getuid() == 0 else { return (built, []) }
    chmod(store.folder.path, 0o755)
    let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"]
    let setpriv = "/usr/bin/setpriv"
    if try Spawn.run(setpriv, asNobody + ["/usr/bin/test", "-x", built.path]).status == 0 {
      return (URL(fileURLWithPath: setpriv), asNobody + [built.path])
    }
    let copy = store.folder.appendingPathComponent("bin/smartconnect")
    try FileManager.default.createDirectory(
      at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
    chmod(copy.deletingLastPathComponent().path, 0o755)
    try FileManager.default.copyItem(at: built, to: copy)
    return (URL(fileURLWithPath: setpriv), asNobody + [copy.path])
  }

  /// Runs, retrying while exec says "Text file busy": a process another test forks while
  /// the copy above is open for writing holds it until its own exec.
  static func runRetryingBusyText(
    _ arguments: [String], environment: [String: String?], executable: URL
  ) async throws -> Binary.Output {
    var output = try await Binary.run(arguments, environment: environment, executable: executable)
    for _ in 0..<50 where output.status == 126 && output.stderr.contains("Text file busy") {
      try await Task.sleep(for: .milliseconds(100))
      output = try await Binary.run(arguments, environment: environment, executable: executable)
    }
    return output
  }

  /// A store whose file, or whose folder, cannot be written: every command says so and
  /// nothing changes.
  @Test(
    .enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")),
    arguments: ["file", "folder"])
  func readOnlyStoreIsRefusedClearly(what: String) async throws {
    let fleet = try await Fleet()
    defer {
      chmod(fleet.store.folder.appendingPathComponent("store").path, 0o700)
      fleet.store.remove()
    }
    let (executable, prefix) = try Self.unprivileged(fleet.store)
    let folder = fleet.store.folder.appendingPathComponent("store").path
    if getuid() == 0 {
      // nobody may read, not write: the folder searchable, the file 0644, both root's.
      chmod(folder, what == "folder" ? 0o755 : 0o777)
      chmod(fleet.store.path, 0o644)
    } else {
      chmod(fleet.store.path, what == "file" ? 0o444 : 0o600)
      chmod(folder, what == "folder" ? 0o555 : 0o700)
    }
    let before = try fleet.store.snapshot()
    for arguments in [
      ["activate", fleet.fresh, "--device", "BI-2"], ["device", "add", "BI-9", "--name", "New"],
    ] {
      let output = try await Self.runRetryingBusyText(
        prefix + arguments, environment: fleet.store.environment, executable: executable)
      #expect(output.status == 1, "\(output)")
      #expect(output.stderr.contains("Cannot open the store"), "\(output)")
      #expect(
        output.stderr.contains("read-only") || output.stderr.contains("not writable"),
        "\(output)")
    }
    #expect(try fleet.store.snapshot() == before)
  }

  /// A full disk, as a file-size limit (`ulimit -f`) under a 5000-device import: refused
  /// with a clear message (not SIGXFSZ), nothing half-written, the file intact.
  @Test func fullDiskDuringAnImportWritesNothing() async throws {
    let fleet = try await Fleet()
    defer { fleet.store.remove() }
    let csv = fleet.store.folder.appendingPathComponent("big.csv")
    let rows = (0..<5_000).map { "FULL-\($0),UPS number \($0) in a long row,Smart-UPS 1500,Site" }
    try (["serial,name,model,site"] + rows).joined(separator: "\n")
      .write(to: csv, atomically: true, encoding: .utf8)
    let before = try fleet.store.snapshot()
    let output = try await Binary.run(
      [
        "-c", "ulimit -f 128 && exec \"$0\" \"$@\"", try Binary.executableURL().path,
        "device", "import", csv.path,
      ],
      environment: fleet.store.environment, executable: URL(fileURLWithPath: "/bin/bash"))
    #expect(output.status == 1 && !output.signalled, "\(output)")
    #expect(output.stderr.contains("could not be written"), "\(output)")
    #expect(output.stderr.contains("Nothing was written"), "\(output)")
    #expect(try fleet.store.snapshot() == before)
    #expect(try fleet.store.integrityCheck() == "ok")
    // With room again the same import goes through whole.
    try await fleet.store.must(["device", "import", csv.path])
    #expect(try fleet.store.count("SELECT count(*) FROM device") == 5_003)
  }

  /// Whether this machine lets a test mount a tmpfs in a private mount namespace (root with
  /// CAP_SYS_ADMIN and util-linux's unshare); where not, the `ulimit -f` test stands in.
  static let canMountTmpfs: Bool = {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else {
      return false
    }
    let point = NSTemporaryDirectory() + "smartconnect-mount-probe-\(getpid())"
    try? FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: point) }
    let probe = try? Spawn.run(
      "/usr/bin/unshare", ["--mount", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", point])
    return probe?.status == 0
  }()

  /// A disk that is really full (ENOSPC): the store copied onto a 256 KiB tmpfs in a private
  /// mount namespace, a 5000-device import into it, the files copied back for checking.
  @Test(.enabled(if: BadInputTests.canMountTmpfs))
  func fullTmpfsDuringAnImportWritesNothing() async throws {
    let fleet = try await Fleet()
    defer { fleet.store.remove() }
    let root = fleet.store.folder
    let csv = root.appendingPathComponent("big.csv").path
    let rows = (0..<5_000).map { "FULL-\($0),UPS number \($0) in a long row,Smart-UPS 1500,Site" }
    try (["serial,name,model,site"] + rows).joined(separator: "\n")
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let mount = root.appendingPathComponent("mnt").path
    let back = root.appendingPathComponent("back").path
    for folder in [mount, back] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    let before = try fleet.store.snapshot()
    let script = """
      set -e
      mount -t tmpfs -o size=256k tmpfs "$1"
      cp "$2"* "$1/"
      set +e
      "$4" device import "$5" --store "$1/smartconnect.sqlite"
      status=$?
      cp "$1"/smartconnect.sqlite* "$3/"
      exit $status
      """
    let output = try await Binary.run(
      [
        "--mount", "bash", "-c", script, "full", mount, fleet.store.path, back,
        try Binary.executableURL().path, csv,
      ],
      environment: fleet.store.environment, executable: URL(fileURLWithPath: "/usr/bin/unshare"))
    #expect(output.status == 1 && !output.signalled, "\(output)")
    #expect(output.stderr.contains("is full; free some space"), "\(output)")
    #expect(output.stderr.contains("Nothing was written"), "\(output)")
    let copied = back + "/smartconnect.sqlite"
    #expect(try CLIStore.snapshot(path: copied) == before)
    #expect(try CLIStore.integrityCheck(path: copied) == "ok")
  }
}
