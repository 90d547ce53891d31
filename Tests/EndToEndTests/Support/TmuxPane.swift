import Foundation

/// The built `smartconnect` in a real pty: a pane of a private tmux server (its own socket,
/// killed on `close`), read the way a person reads it (`capture-pane`), typed at with the
/// bytes the terminal itself would send (`send-keys -H`, sequences from terminfo).
///
/// A small shell wrapper in the pane records `stty -g` before the program starts and after
/// it ends, its pid (for signals) and its exit status, and waits for a go-ahead so the raw
/// output can be piped to a file (`pipe-pane -O`) from the very first byte.
final class TmuxPane: @unchecked Sendable {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let term: String
  let directory: URL
  private let socket: String
  private var closed = false

  /// Starts `smartconnect arguments…` at `width`×`height` with a clean environment: `TERM`,
  /// `LANG` (C.UTF-8 unless given), `PATH`, `HOME` and `XDG_DATA_HOME` in a temporary
  /// folder, `SMARTCONNECT_NUT=off`, plus `environment`. With `recordOutput` every byte the program writes is kept.
  init(
    _ arguments: [String], term: String = "xterm-256color", environment: [String: String] = [:],
    width: Int = 80, height: Int = 24, recordOutput: Bool = false
  ) async throws {
    self.term = term
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-e2e-\(UUID().uuidString.prefix(8))")
    socket = "smartconnect-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

    var variables = [
      "TERM": term, "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin",
      "HOME": directory.path, "XDG_DATA_HOME": directory.appendingPathComponent("data").path,
      // Whether this machine runs upsd must not change a screen; a test that wants the
      // gateway's units names its own upsd (`--nut`).
      "SMARTCONNECT_NUT": "off",
    ]
    for (name, value) in environment { variables[name] = value }
    let binary = try Binary.executableURL().path
    let command =
      (["env", "-i"] + variables.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }
      + [binary] + arguments).map(Self.quoted).joined(separator: " ")
    // exec keeps the pid: `pid` names the program itself, for kill.
    try "echo $$ > pid\nexec \(command)\n".write(
      to: directory.appendingPathComponent("exec.sh"), atomically: true, encoding: .utf8)
    try """
    cd \(Self.quoted(directory.path)) || exit 1
    stty -g > stty.before
    while [ ! -e go ]; do sleep 0.01; done
    sh ./exec.sh
    echo $? > status.tmp
    stty -g > stty.after
    mv status.tmp status
    exec sleep 600

    """.write(to: directory.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)

    try await tmux([
      "-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)",
      "sh " + Self.quoted(directory.appendingPathComponent("run.sh").path),
    ])
    try await tmux(["set-option", "-g", "status", "off"])
    if recordOutput {
      let raw = Self.quoted(directory.appendingPathComponent("output.raw").path)
      try await tmux(["pipe-pane", "-O", "-t", "e2e", "cat > \(raw)"])
    }
    _ = FileManager.default.createFile(
      atPath: directory.appendingPathComponent("go").path, contents: nil)
  }

  deinit { if !closed { Self.killServer(socket) } }

  /// Kills the tmux server and removes the temporary folder.
  func close() async {
    guard !closed else { return }
    closed = true
    Self.killServer(socket)
    try? FileManager.default.removeItem(at: directory)
  }

  // MARK: - Reading

  /// The screen as text, one line per row, trailing spaces trimmed.
  func screen() async throws -> String {
    try await tmux(["capture-pane", "-p", "-t", "e2e"]).stdout
  }

  /// Everything the pane showed, scrolled-off lines included (for line-by-line output).
  func transcript() async throws -> String {
    try await tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "e2e"]).stdout
  }

  /// How long a wait may take before the test fails. Only a bound: each wait returns as
  /// soon as the screen is there. 10 s was too short when the suite starts (500 tests on two
  /// cores at once): three panes of a quiet CI check had drawn nothing after 10 s.
  static let patience: Duration = .seconds(30)

  /// Waits until the screen contains every one of `phrases`; returns that screen.
  @discardableResult
  func waitForScreen(
    containing phrases: String..., timeout: Duration = patience
  ) async throws -> String {
    try await waitForScreen(timeout: timeout, "containing \(phrases)") { screen in
      phrases.allSatisfy { screen.contains($0) }
    }
  }

  /// Waits until `condition` holds for the screen, and the screen has stayed the same from
  /// one look to the next (40 ms apart); returns that screen, or fails with the last one seen.
  ///
  /// The second look is there because tmux draws what it has read of a frame: under load
  /// it showed the Success title over a Confirm box still being replaced (a clean-clone CI
  /// check failed on that screen). A frame the wizard has finished stays until a key or a
  /// tick; one caught half drawn does not.
  @discardableResult
  func waitForScreen(
    timeout: Duration = patience, _ what: String, until condition: (String) -> Bool
  ) async throws -> String {
    let deadline = ContinuousClock.now + timeout
    var last = ""
    var matched: String?
    while ContinuousClock.now < deadline {
      last = try await screen()
      if condition(last) {
        if last == matched { return last }
        matched = last
      } else {
        matched = nil
      }
      try await Task.sleep(for: .milliseconds(40))
    }
    throw Failure(description: "screen never became \(what); last screen:\n\(last)")
  }

  /// The pane's size as tmux reports it.
  func size() async throws -> (width: Int, height: Int) {
    let text = try await tmux([
      "display-message", "-p", "-t", "e2e", "#{pane_width} #{pane_height}",
    ])
    .stdout.split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard text.count == 2 else { throw Failure(description: "tmux reported no pane size") }
    return (text[0], text[1])
  }

  /// Where the terminal's cursor is and whether it is shown.
  func cursor() async throws -> (column: Int, row: Int, visible: Bool) {
    let fields = try await tmux(
      ["display-message", "-p", "-t", "e2e", "#{cursor_x} #{cursor_y} #{cursor_flag}"]
    ).stdout.split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard fields.count == 3 else { throw Failure(description: "tmux reported no cursor") }
    return (fields[0], fields[1], fields[2] == 1)
  }

  // MARK: - Typing

  /// Sends the bytes of terminfo's `capability` for this pane's TERM (`kcud1` for ↓ …).
  func press(_ key: TerminfoKey) async throws {
    try await send(Array(try Terminfo.sequence(key, term: term)))
  }

  /// Sends raw bytes, as the terminal would: Enter is 13, Esc 27, Ctrl-C 3.
  func send(_ bytes: [UInt8]) async throws {
    guard !bytes.isEmpty else { return }
    try await tmux(["send-keys", "-t", "e2e", "-H"] + bytes.map { String(format: "%02x", $0) })
  }

  /// Types `text` (its UTF-8 bytes).
  func type(_ text: String) async throws { try await send(Array(text.utf8)) }

  /// Pastes `text` as the terminal would: with `bracketed`, between `ESC [200~` and
  /// `ESC [201~` when the program asked for bracketed paste (tmux's `paste-buffer -p`);
  /// without, as the bare characters in one write (line feeds become CR, as a terminal sends
  /// them).
  func paste(_ text: String, bracketed: Bool) async throws {
    try await tmux(["set-buffer", "-b", "e2e-paste", "--", text])
    try await tmux(
      ["paste-buffer", "-d", "-b", "e2e-paste", "-t", "e2e"] + (bracketed ? ["-p"] : []))
  }

  func enter() async throws { try await send([13]) }
  func escape() async throws { try await send([27]) }

  // MARK: - The process

  /// Resizes the window; the program gets SIGWINCH.
  func resize(width: Int, height: Int) async throws {
    try await tmux(["resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)"])
  }

  /// Sends `signal` to the program itself (not to the wrapper shell).
  func signal(_ signal: Int32) async throws {
    let text = try String(contentsOf: directory.appendingPathComponent("pid"), encoding: .utf8)
    guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw Failure(description: "no pid recorded")
    }
    kill(pid, signal)
  }

  /// Waits for the program to end; its exit status (128+n when a signal killed it).
  func waitForExit(timeout: Duration = patience) async throws -> Int32 {
    let deadline = ContinuousClock.now + timeout
    let file = directory.appendingPathComponent("status")
    while ContinuousClock.now < deadline {
      if let text = try? String(contentsOf: file, encoding: .utf8),
        let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      {
        return status
      }
      try await Task.sleep(for: .milliseconds(40))
    }
    throw Failure(description: "the program did not exit; screen:\n\(try await screen())")
  }

  /// `stty -g` in the pane before the program started and after it ended.
  func terminalModes() throws -> (before: String, after: String) {
    let read = { (name: String) in
      try String(contentsOf: self.directory.appendingPathComponent(name), encoding: .utf8)
    }
    return (try read("stty.before"), try read("stty.after"))
  }

  /// Every byte the program wrote so far (with `recordOutput`).
  func output() throws -> [UInt8] {
    Array(try Data(contentsOf: directory.appendingPathComponent("output.raw")))
  }

  /// The number of bytes recorded once the output has been still for `quiet` (pipe-pane
  /// copies asynchronously, so a count taken right after a screen check can be short).
  func settledOutputCount(quiet: Duration = .milliseconds(200)) async throws -> Int {
    var count = try output().count
    var stillSince = ContinuousClock.now
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(25))
      let now = try output().count
      if now != count {
        count = now
        stillSince = ContinuousClock.now
      } else if ContinuousClock.now - stillSince >= quiet {
        break
      }
    }
    return count
  }

  // MARK: - tmux

  static let tmuxPath = "/usr/bin/tmux"

  @discardableResult
  private func tmux(_ arguments: [String]) async throws -> Spawn.Output {
    let output = try Spawn.run(Self.tmuxPath, ["-L", socket] + arguments)
    guard output.status == 0 else {
      throw Failure(
        description: "tmux \(arguments.joined(separator: " ")) failed (\(output.status)): "
          + output.stdout)
    }
    return output
  }

  private static func killServer(_ socket: String) {
    _ = try? Spawn.run(tmuxPath, ["-L", socket, "kill-server"])
  }

  /// Quotes for sh: single quotes, with embedded ones closed and escaped.
  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

extension TmuxPane {
  /// Starts `smartconnect arguments…` in a pane (as `init`), runs `body` with it, and closes
  /// the pane however `body` ends.
  static func with(
    _ arguments: [String] = ["--demo"], term: String = "xterm-256color",
    environment: [String: String] = [:], width: Int = 80, height: Int = 24,
    recordOutput: Bool = false, _ body: (TmuxPane) async throws -> Void
  ) async throws {
    try await TmuxPane(
      arguments, term: term, environment: environment, width: width, height: height,
      recordOutput: recordOutput
    ).use(body)
  }

  /// Runs `body` with this pane, and closes it however `body` ends.
  func use(_ body: (TmuxPane) async throws -> Void) async throws {
    do {
      try await body(self)
    } catch {
      await close()
      throw error
    }
    await close()
  }
}
