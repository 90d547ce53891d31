import ChildProcess
import Foundation

/// A temporary folder with a store path in it, and the binary run against that store at a
/// pinned instant, so no test touches the developer's own store or clock.
struct TemporaryFleet {
  let folder: String
  let store: String
  /// 2027-01-15T09:00:00Z unless a command says otherwise.
  var now = "2027-01-15T09:00:00Z"

  init() throws {
    folder = NSTemporaryDirectory() + "smartconnect-e2e-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    store = folder + "/store.sqlite"
  }

  /// A fleet in another store: a `postgres://` URL.
  init(store: String) throws {
    folder = NSTemporaryDirectory() + "smartconnect-e2e-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    self.store = store
  }

  /// Runs `smartconnect arguments…` against this store, in English (`C.UTF-8`, whatever
  /// the developer's locale) unless `environment` says otherwise (`LANG`, `LC_ALL`, …).
  func run(
    _ arguments: [String], now: String? = nil, stdin: String? = nil,
    environment: [String: String] = [:]
  ) async throws -> Binary.Output {
    var variables = variables(now: now)
    for (name, value) in environment { variables[name] = value }
    return try await Binary.run(arguments, environment: variables, stdin: stdin)
  }

  /// What every run gets: this store, the pinned instant, a data folder of its own, English.
  func variables(now: String? = nil) -> [String: String?] {
    [
      "SMARTCONNECT_STORE": store, "SMARTCONNECT_NOW": now ?? self.now,
      "XDG_DATA_HOME": folder + "/xdg", "LOGNAME": "e2e-tech",
      "LANG": "C.UTF-8", "LC_ALL": nil, "LC_MESSAGES": nil, "LANGUAGE": nil,
    ]
  }

  /// Starts `smartconnect arguments…` in the background (for a test that signals it on the
  /// way), its output to `folder/name.out` and `folder/name.err`; its pid, for
  /// `ChildProcess.wait`.
  func start(_ arguments: [String], output name: String) throws -> pid_t {
    var merged = ProcessInfo.processInfo.environment
    for (name, value) in variables() { merged[name] = value }
    return try ChildProcess.start(
      [try Binary.executableURL().path] + arguments, environment: merged,
      stdout: folder + "/\(name).out", stderr: folder + "/\(name).err")
  }

  /// Runs a command that must succeed, and returns its standard output.
  @discardableResult
  func succeed(
    _ arguments: [String], now: String? = nil, stdin: String? = nil,
    environment: [String: String] = [:]
  ) async throws -> String {
    let output = try await run(arguments, now: now, stdin: stdin, environment: environment)
    guard output.status == 0, !output.signalled else {
      throw Failure("smartconnect \(arguments.joined(separator: " ")) failed: \(output)")
    }
    return output.stdout
  }

  /// Issues one code and returns it, canonical.
  func issue(_ tier: String, months: Int = 12, seats: Int, now: String? = nil) async throws
    -> String
  {
    try await succeed(
      ["code", "issue", "--tier", tier, "--term-months", "\(months)", "--seats", "\(seats)"],
      now: now
    ).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Parses one JSON object from a command's output.
  static func object(_ text: String) throws -> [String: Any] {
    guard
      let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    else { throw Failure("not a JSON object: \(text)") }
    return object
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
