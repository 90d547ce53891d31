import Foundation
import Testing

/// The wizard's terminal front end through the built binary in a real pty at 80×24
/// (DESIGN §6): signals, terminal modes, bytes under LANG=C, colours under NO_COLOR.
@Suite(.serialized) struct TerminalEndToEndTests {
  /// What the first frame shows once the wizard has started.
  static let firstScreen = "Subscription Overview"
  static let wizardArguments = ["--demo"]

  // MARK: - No terminal

  @Test func withoutATerminalTheWizardNamesTheCommandsToUse() async throws {
    let output = try await Binary.run([], environment: ["TERM": "xterm-256color"])
    #expect(output.status == 1, "\(output)")
    #expect(output.stdout.isEmpty, "\(output)")
    for phrase in [
      "needs a terminal", "overview", "device add", "device import", "code issue",
      "code check", "activate",
    ] {
      #expect(output.stderr.contains(phrase), "missing \(phrase): \(output)")
    }
  }

  @Test func demoWithAStoreIsAUsageError() async throws {
    let output = try await Binary.run(["--demo", "--store", "/nonexistent/store.sqlite"])
    #expect(output.status == 64, "\(output)")
    #expect(output.stderr.contains("--demo runs on a fresh temporary store"), "\(output)")
  }

  // MARK: - Leaving

  /// SIGHUP (the SSH link dropped), SIGTERM and SIGINT end the program with the terminal's
  /// modes as they were before it started, and the conventional status 128 + signal.
  @Test(arguments: [SIGHUP, SIGTERM, SIGINT])
  func signalRestoresTheTerminalModes(signal: Int32) async throws {
    try await TmuxPane.with { pane in
      try await pane.waitForScreen(containing: Self.firstScreen)
      try await pane.signal(signal)
      #expect(try await pane.waitForExit() == 128 + signal)
      let modes = try pane.terminalModes()
      #expect(modes.before == modes.after)
    }
  }

  /// The harness's own check: a program killed outright leaves curses' raw modes behind,
  /// so the comparison above can tell restored modes from unrestored ones.
  @Test func sigkillLeavesTheModesChangedSoTheCheckCanFail() async throws {
    try await TmuxPane.with { pane in
      try await pane.waitForScreen(containing: Self.firstScreen)
      try await pane.signal(SIGKILL)
      #expect(try await pane.waitForExit() == 128 + SIGKILL)
      let modes = try pane.terminalModes()
      #expect(modes.before != modes.after)
    }
  }

  /// A crash (here a fault signal from outside; fatalError traps into the same handler)
  /// leaves the terminal's modes restored and the process still dies of the signal.
  @Test(arguments: [SIGSEGV, SIGABRT])
  func crashRestoresTheTerminalModes(signal: Int32) async throws {
    // Without the runtime's backtracer, which would otherwise prompt on the tty for 30 s.
    try await TmuxPane.with(environment: ["SWIFT_BACKTRACE": "enable=no"]) { pane in
      try await pane.waitForScreen(containing: Self.firstScreen)
      try await pane.signal(signal)
      #expect(try await pane.waitForExit() == 128 + signal)
      let modes = try pane.terminalModes()
      #expect(modes.before == modes.after)
      let screen = try await pane.screen()
      #expect(!screen.contains(Self.firstScreen), "back on the normal screen: \(screen)")
    }
  }

  /// The link drops without a SIGHUP (the pty is not the controlling terminal): reads fail
  /// from then on, and the wizard ends as if hung up, its demo store deleted.
  @Test func repeatedReadErrorsEndTheWizard() async throws {
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-e2e-tmp-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temporary) }
    let pty = try DetachedPty(
      Self.wizardArguments,
      environment: [
        "TERM": "xterm-256color", "LANG": "C.UTF-8", "LINES": "24", "COLUMNS": "80",
        "PATH": "/usr/bin:/bin", "HOME": temporary.path, "TMPDIR": temporary.path,
        "XDG_DATA_HOME": temporary.appendingPathComponent("data").path,
      ])
    let output = try pty.read(until: Self.firstScreen)
    #expect(output.contains(Self.firstScreen))
    pty.dropLink()
    #expect(try await pty.waitForExit() == 128 + SIGHUP)
    let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
    #expect(!left.contains { $0.hasPrefix("smartconnect-demo-") }, "\(left)")
  }

  @Test func ctrlCQuitsWithTheTerminalRestored() async throws {
    try await TmuxPane.with { pane in
      try await pane.waitForScreen(containing: Self.firstScreen)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      let modes = try pane.terminalModes()
      #expect(modes.before == modes.after)
      // Back on the normal screen: the wizard's frame is gone with the alternate screen.
      let screen = try await pane.screen()
      #expect(!screen.contains(Self.firstScreen), "\(screen)")
    }
  }

  /// `--demo` runs on a store of its own in a 0700 folder, gone when the wizard ends.
  @Test func demoStoreIsPrivateAndDeletedOnExit() async throws {
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-e2e-tmp-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temporary) }
    try await TmuxPane.with(environment: ["TMPDIR": temporary.path]) { pane in
      try await pane.waitForScreen(containing: Self.firstScreen)
      let folders = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
      #expect(folders.count == 1 && folders[0].hasPrefix("smartconnect-demo-"), "\(folders)")
      if let folder = folders.first {
        let attributes = try FileManager.default.attributesOfItem(
          atPath: temporary.appendingPathComponent(folder).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
      }
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
  }

  // MARK: - Terminal types

  /// The terminals technicians really use, each with its own key sequences (from terminfo)
  /// and capabilities: move, help (F1), a dialog and back, quit, modes restored.
  @Test(arguments: ["xterm-256color", "screen", "tmux-256color", "linux", "vt100", "vt220"])
  func worksUnderTerminalType(term: String) async throws {
    try await TmuxPane.with(["--demo", "--now", "2027-01-15T09:00:00Z"], term: term) { pane in
      try await pane.waitForScreen(containing: Self.firstScreen, "Lab bench UPS")
      try await pane.press(.down)
      try await pane.waitForScreen("the pointer on the second device") {
        $0.split(separator: "\n").contains { $0.hasPrefix(" > Reception UPS") }
      }
      try await pane.press(.f1)
      try await pane.waitForScreen(containing: "Help", "Select or unselect a device")
      try await pane.type("x")  // any key closes the help
      try await pane.waitForScreen("the help closed") { !$0.contains("Select or unselect") }
      try await pane.type("a")
      try await pane.waitForScreen(containing: "step 1 of 5", "Code 1")
      try await pane.escape()
      try await pane.waitForScreen(containing: Self.firstScreen, "Lab bench UPS")
      try await pane.type("q")
      #expect(try await pane.waitForExit() == 0)
      let modes = try pane.terminalModes()
      #expect(modes.before == modes.after)
    }
  }

  /// The cursor is hidden over lists and shown where the next symbol of a code goes.
  @Test func cursorShowsOnlyInTextFields() async throws {
    try await TmuxPane.with { pane in
      try await pane.waitForScreen(containing: Self.firstScreen, "Lab bench UPS")
      #expect(try await pane.cursor().visible == false)
      try await pane.type("a")
      try await pane.waitForScreen(containing: "step 1 of 5", "Code 1")
      try await pane.type("7K3")
      let screen = try await pane.waitForScreen(containing: "[7K3")
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      let row = try #require(lines.firstIndex { $0.contains("[7K3") })
      let field = try #require(lines[row].range(of: "[7K3"))
      let column = lines[row].distance(from: lines[row].startIndex, to: field.upperBound)
      // The cursor move ends the frame: wait for it as for the text.
      var cursor = try await pane.cursor()
      let deadline = ContinuousClock.now + .seconds(5)
      while !(cursor.visible && cursor.row == row && cursor.column == column),
        ContinuousClock.now < deadline
      {
        try await Task.sleep(for: .milliseconds(25))
        cursor = try await pane.cursor()
      }
      #expect(cursor.visible)
      #expect(cursor.row == row && cursor.column == column, "\(cursor) != (\(column), \(row))")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// A vt100 cannot hide the cursor: it rests in the top-left corner, on the title bar,
  /// not at the end of the key line where it looks like a prompt.
  @Test func cursorThatCannotHideRestsInTheCorner() async throws {
    try await TmuxPane.with(["--demo", "--now", "2027-01-15T09:00:00Z"], term: "vt100") { pane in
      try await pane.waitForScreen(containing: Self.firstScreen, "Lab bench UPS")
      for moved in [false, true] {
        if moved {
          try await pane.press(.down)
          try await pane.waitForScreen("the pointer on the second device") {
            $0.split(separator: "\n").contains { $0.hasPrefix(" > Reception UPS") }
          }
        }
        var cursor = try await pane.cursor()
        let deadline = ContinuousClock.now + .seconds(5)
        while (cursor.row, cursor.column) != (0, 0), ContinuousClock.now < deadline {
          try await Task.sleep(for: .milliseconds(25))
          cursor = try await pane.cursor()
        }
        #expect((cursor.row, cursor.column) == (0, 0), "after \(moved ? "↓" : "the first frame"): \(cursor)")
      }
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// Ctrl-L sends the whole screen again; a ↓ sends only the change (no clear per frame).
  @Test func ctrlLRepaintsWhileAMoveSendsOnlyTheChange() async throws {
    try await TmuxPane.with(recordOutput: true) { pane in
      try await pane.waitForScreen(containing: Self.firstScreen, "Lab bench UPS")
      let first = try await pane.settledOutputCount()
      try await pane.press(.down)
      try await pane.waitForScreen("the pointer on the second device") {
        $0.split(separator: "\n").contains { $0.hasPrefix(" > Reception UPS") }
      }
      let moved = try await pane.settledOutputCount()
      try await pane.send([12])
      var repainted = moved
      let deadline = ContinuousClock.now + .seconds(10)
      while repainted - moved <= 1000, ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(25))
        repainted = try pane.output().count
      }
      #expect(moved - first < 100, "a ↓ sent \(moved - first) bytes")
      #expect(repainted - moved > 1000, "Ctrl-L sent \(repainted - moved) bytes")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  // MARK: - What is written

  /// A serial console with a wrong TERM and no UTF-8: not one byte above 0x7F.
  @Test func vt100UnderLangCWritesOnlyASCII() async throws {
    try await TmuxPane.with(term: "vt100", environment: ["LANG": "C"], recordOutput: true) { pane in
      let screen = try await pane.waitForScreen(containing: Self.firstScreen)
      for key in [TerminfoKey.down, .down, .up, .right, .left] { try await pane.press(key) }
      try await pane.send([9, 12])  // Tab, Ctrl-L (a full repaint)
      try await pane.waitForScreen(containing: Self.firstScreen)
      let ascii = screen.unicodeScalars.allSatisfy { $0.isASCII }
      #expect(ascii, "\(screen)")
      // The dialogs' boxes are drawn in ASCII.
      try await pane.type("a")
      try await pane.waitForScreen(containing: "step 1 of 5", "+- Activate Code -", "| Code 1")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      let bytes = try pane.output()
      let high = bytes.enumerated().filter { $0.element > 0x7F }
      #expect(high.isEmpty, "bytes above 0x7F at \(high.prefix(5).map(\.offset))")
    }
  }

  /// The check above can fail: the same run in a UTF-8 locale does write such bytes.
  @Test func utf8LocaleWritesUnicodeLineDrawing() async throws {
    try await TmuxPane.with(environment: ["LANG": "C.UTF-8"], recordOutput: true) { pane in
      // A key typed before the first frame is type-ahead and discarded: wait for it.
      try await pane.waitForScreen(containing: Self.firstScreen)
      try await pane.type("a")
      try await pane.waitForScreen(containing: "┌─ Activate Code ─", "│ Code 1")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try pane.output().contains { $0 > 0x7F })
    }
  }

  @Test func noColorSendsNoColourSequences() async throws {
    let coloured = try await sgrParameters(environment: [:])
    #expect(coloured.contains(where: Self.isColour), "a colour terminal gets colours")
    let plain = try await sgrParameters(environment: ["NO_COLOR": "1"])
    #expect(!plain.isEmpty, "attributes are still sent")
    #expect(!plain.contains(where: Self.isColour), "\(plain.filter(Self.isColour))")
  }

  /// The parameter lists of every SGR sequence (`ESC [ … m`) the first frame sends.
  func sgrParameters(environment: [String: String]) async throws -> [[Int]] {
    var output: [UInt8] = []
    try await TmuxPane.with(environment: environment, recordOutput: true) { pane in
      try await pane.waitForScreen(containing: Self.firstScreen)
      try await pane.send([3])
      _ = try await pane.waitForExit()
      output = try pane.output()
    }
    return Self.sgrSequences(in: output)
  }

  static func sgrSequences(in bytes: [UInt8]) -> [[Int]] {
    var result: [[Int]] = []
    var index = 0
    while index + 1 < bytes.count {
      guard bytes[index] == 0x1B, bytes[index + 1] == UInt8(ascii: "[") else {
        index += 1
        continue
      }
      var end = index + 2
      while end < bytes.count, (0x30...0x3F).contains(bytes[end]) { end += 1 }
      if end < bytes.count, bytes[end] == UInt8(ascii: "m") {
        let text = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
        result.append(
          text.split(separator: ";", omittingEmptySubsequences: false).map {
            Int($0) ?? 0
          })
      }
      index = end
    }
    return result
  }

  /// Foreground or background colour parameters: 30–39, 40–49, 90–97, 100–107.
  static func isColour(_ parameters: [Int]) -> Bool {
    parameters.contains { (30...49).contains($0) || (90...107).contains($0) }
  }
}
