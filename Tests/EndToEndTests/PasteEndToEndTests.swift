import Foundation
import Testing

/// Input that can never confirm by surprise (issue 16 §1, DESIGN §6), through the built
/// binary in a real pty (tmux): pastes with and without brackets on every screen, keys on the
/// "too small" screen, and type-ahead. Every test reads the store back (`overview --json` and
/// every row of every table) to show that nothing was written by a paste, by type-ahead, or
/// by a key on a screen that could not be seen; the positive controls show the same store
/// does change when a person really confirms.
@Suite(.serialized) struct PasteEndToEndTests {
  typealias Place = WizardReliabilityTests.Screen
  static let now = WizardReliabilityTests.now

  /// Three devices on basic and two issued 5-seat Advanced codes; a pane on that store.
  struct Setup {
    var store: CLIStore
    var codes: [String]
    var pane: TmuxPane

    init() async throws {
      let (store, codes) = try await WizardReliabilityTests.seeded(codes: 2)
      self.store = store
      self.codes = codes
      pane = try await WizardReliabilityTests.pane(store)
    }

    /// Runs `body`, then always closes the pane and removes the store.
    static func run(_ body: (Setup) async throws -> Void) async throws {
      let setup = try await Setup()
      do {
        try await body(setup)
      } catch {
        await setup.pane.close()
        setup.store.remove()
        throw error
      }
      await setup.pane.close()
      setup.store.remove()
    }

    /// Licenses and activated plans as `overview --json` reports them.
    func written() async throws -> (licenses: Int, plans: Int) {
      let overview = try await store.overview()
      return (overview.devices.reduce(0) { $0 + $1.licenses.count }, overview.plans.count)
    }
  }

  /// A paste that would act on every screen if it were keys: `a` opens Activate Code, `q`
  /// quits, `/` opens a filter, spaces toggle devices, line breaks press Next and Confirm,
  /// and two codes, the second one the walk has already typed.
  static func hostilePaste(_ codes: [String]) -> String {
    "a q / \n\n \(codes[1])\n\(codes[0])\n \n\n"
  }

  /// The title each place shows, still there after the paste.
  static func title(_ place: Place?) -> String {
    switch place {
    case nil: "Subscription Overview"
    case .activate: "Activate Code · step 1 of 5"
    case .plans: "Your activated plans · step 2 of 5"
    case .assign, .help, .tooSmall: "Assign to device · step 3 of 5"
    case .confirm: "Confirm assigned plan · step 4 of 5"
    case .success: "Success · step 5 of 5"
    }
  }

  static let places: [Place?] = [nil, .activate, .plans, .assign, .confirm, .success]
  static let pasteCases: [(Place?, Bool)] = places.flatMap { [($0, true), ($0, false)] }

  // MARK: - Pastes on every screen

  /// On every screen, with and without bracketed paste: the paste is text, never keys. The
  /// screen stays, the store is exactly as before; on Activate Code the new code fills the
  /// next line (and the one already typed is not entered twice); elsewhere a note says the
  /// paste was ignored.
  @Test(arguments: pasteCases)
  func pasteNeverActsAsKeys(place: Place?, bracketed: Bool) async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      if let place {
        try await WizardReliabilityTests.walk(pane, to: place, code: setup.codes[0], devices: 1)
      } else {
        try await pane.waitForScreen(containing: Self.title(nil), "a Activate Code")
      }
      let before = try setup.store.snapshot()
      let written = try await setup.written()
      try await pane.paste(Self.hostilePaste(setup.codes), bracketed: bracketed)
      if place == .activate {
        let screen = try await pane.waitForScreen(containing: "Code 2", setup.codes[1])
        #expect(!screen.contains("Code 3"), "the code typed before was entered twice:\n\(screen)")
      } else {
        try await pane.waitForScreen(containing: "Pasted text ignored")
      }
      // Time for anything the paste might have set going to show.
      try await Task.sleep(for: .milliseconds(600))
      let screen = try await pane.screen()
      #expect(screen.contains(Self.title(place)), "\(screen)")
      #expect(try setup.store.snapshot() == before)
      let after = try await setup.written()
      #expect(after.licenses == written.licenses && after.plans == written.plans)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try setup.store.snapshot() == before)
    }
  }

  /// One letter pasted with brackets is text too: `a` on the Overview does not open
  /// Activate Code (typed, it does), so the bracketed path is the one taken.
  @Test func bracketedSingleLetterIsNotAKey() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await pane.waitForScreen(containing: Self.title(nil), "a Activate Code")
      try await pane.paste("a", bracketed: true)
      try await pane.waitForScreen(containing: "Pasted text ignored")
      try await pane.type("a")
      try await pane.waitForScreen(containing: Self.title(.activate))
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// Two codes from an email, with and without brackets: one on each line, nothing looked
  /// up until Next, which then activates both.
  @Test(arguments: [true, false])
  func twoCodesPastedFillTwoLines(bracketed: Bool) async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await pane.waitForScreen(containing: Self.title(nil), "a Activate Code")
      try await pane.type("a")
      try await pane.waitForScreen(containing: Self.title(.activate), "Code 1")
      let email = "Hello,\nyour codes are \(setup.codes[0]) and\n\(setup.codes[1].lowercased()).\n"
      try await pane.paste(email, bracketed: bracketed)
      try await pane.waitForScreen(containing: setup.codes[0], setup.codes[1].lowercased())
      try await Task.sleep(for: .milliseconds(600))
      #expect(try await pane.screen().contains(Self.title(.activate)))
      #expect(try await setup.written().plans == 0, "a paste activated a code")
      try await pane.enter()
      try await pane.waitForScreen(containing: Self.title(.plans))
      #expect(try await setup.written().plans == 2)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// A bracketed paste split across reads (the end marker 300 ms after the start), and one
  /// whose end marker never comes: text in both cases; keys act again afterwards.
  @Test(arguments: [true, false])
  func bracketedPasteSplitOrUnterminatedStaysText(terminated: Bool) async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await pane.waitForScreen(containing: Self.title(nil), "a Activate Code")
      try await pane.type("a")
      try await pane.waitForScreen(containing: Self.title(.activate), "Code 1")
      let code = setup.codes[0]
      try await pane.send(Array("\u{1B}[200~\(code.prefix(12))".utf8))
      try await Task.sleep(for: .milliseconds(300))
      try await pane.send(Array("\(code.dropFirst(12))\r\r".utf8))
      if terminated { try await pane.send(Array("\u{1B}[201~".utf8)) }
      try await pane.waitForScreen(containing: code, "Well-formed")
      try await Task.sleep(for: .milliseconds(1500))  // past the paste's quiet limit
      #expect(try await pane.screen().contains(Self.title(.activate)))
      #expect(try await setup.written().plans == 0)
      try await pane.enter()
      try await pane.waitForScreen(containing: Self.title(.plans))
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  // MARK: - Nothing acts unseen

  /// Shrunk to 70×22 on Confirm: Enter, Space, ↓, q and Esc do nothing; back at 80×24 the
  /// same Confirm screen shows and nothing was written. Ctrl-C still quits.
  @Test func keysOnTheTooSmallConfirmScreenDoNothing() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await WizardReliabilityTests.walk(pane, to: .confirm, code: setup.codes[0], devices: 1)
      let before = try setup.store.snapshot()
      try await pane.resize(width: 70, height: 22)
      try await pane.waitForScreen(containing: "Terminal too small: need 80×24, have 70×22")
      try await Task.sleep(for: .milliseconds(700))  // Confirm would have settled
      try await pane.enter()
      try await pane.send([32])
      try await pane.press(.down)
      try await pane.type("q")
      try await pane.escape()
      try await pane.enter()
      try await Task.sleep(for: .milliseconds(400))
      #expect(try setup.store.snapshot() == before)
      try await pane.resize(width: 80, height: 24)
      try await pane.waitForScreen(containing: Self.title(.confirm), "Once you have assigned")
      try await Task.sleep(for: .milliseconds(400))
      #expect(try await pane.screen().contains(Self.title(.confirm)))
      #expect(try setup.store.snapshot() == before)
      try await pane.resize(width: 60, height: 20)
      try await pane.waitForScreen(containing: "Terminal too small")
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try setup.store.snapshot() == before)
      #expect(try await setup.written().licenses == 0)
    }
  }

  /// Shrunk on Assign: ↓ and Space neither move the pointer nor select a device unseen.
  @Test func keysOnTheTooSmallAssignScreenDoNothing() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await WizardReliabilityTests.walk(pane, to: .assign, code: setup.codes[0], devices: 1)
      let before = try await pane.screen()
      try await pane.resize(width: 70, height: 22)
      try await pane.waitForScreen(containing: "Terminal too small")
      try await pane.press(.down)
      try await pane.send([32])
      try await pane.press(.down)
      try await pane.send([32])
      try await pane.enter()
      try await Task.sleep(for: .milliseconds(400))
      try await pane.resize(width: 80, height: 24)
      // The whole screen as before (a key that moved the pointer or selected a device would
      // keep it from ever being so); waiting for a phrase of it took a screen half redrawn.
      try await pane.waitForScreen("the Assign screen as before the resize") { $0 == before }
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try await setup.written().licenses == 0)
    }
  }

  // MARK: - Type-ahead

  /// Enter pressed twice within one read on Assign: nobody types that, so it is a paste and
  /// presses nothing. A single Enter then opens Confirm, and one pressed after Confirm could
  /// be read does confirm (so the checks here can fail).
  @Test func twoEntersInOneReadPressNothing() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await WizardReliabilityTests.walk(pane, to: .assign, code: setup.codes[0], devices: 1)
      try await pane.send([13, 13])
      try await pane.waitForScreen(containing: Self.title(.assign), "Pasted text ignored")
      try await Task.sleep(for: .milliseconds(600))
      #expect(try await pane.screen().contains(Self.title(.assign)))
      try await pane.enter()
      try await pane.waitForScreen(containing: Self.title(.confirm), "Once you have assigned")
      try await Task.sleep(for: .milliseconds(700))
      #expect(try await setup.written().licenses == 0)
      try await pane.enter()
      try await pane.waitForScreen(containing: Self.title(.success))
      #expect(try await setup.written().licenses == 1)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  /// Enter, and Enter again as fast as the harness can send it: depending on when they
  /// arrive, the two are one read (a paste: nothing pressed), or the second was waiting when
  /// Confirm was drawn (discarded), or came before Confirm could be read (set aside). Never a
  /// confirm.
  @Test func enterRightBehindEnterNeverConfirms() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await WizardReliabilityTests.walk(pane, to: .assign, code: setup.codes[0], devices: 1)
      try await pane.enter()
      try await pane.enter()
      try await Task.sleep(for: .milliseconds(1200))
      let screen = try await pane.screen()
      #expect(screen.contains(Self.title(.confirm)) || screen.contains(Self.title(.assign)))
      #expect(!screen.contains(Self.title(.success)), "\(screen)")
      #expect(try await setup.written().licenses == 0)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try await setup.written().licenses == 0)
    }
  }

  /// Enter, then Enter again 150 ms later (a reflex, or a key delayed on a slow link): the
  /// second comes before Confirm could be read and is set aside.
  @Test func enterSoonAfterConfirmAppearsIsSetAside() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await WizardReliabilityTests.walk(pane, to: .assign, code: setup.codes[0], devices: 1)
      try await pane.enter()
      try await Task.sleep(for: .milliseconds(150))
      try await pane.enter()
      try await pane.waitForScreen(containing: Self.title(.confirm), "Once you have assigned")
      try await Task.sleep(for: .milliseconds(800))
      #expect(try await pane.screen().contains(Self.title(.confirm)))
      #expect(try await setup.written().licenses == 0)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
      #expect(try await setup.written().licenses == 0)
    }
  }

  /// A code and Enter typed ahead in one burst on Activate Code: the burst is a paste, so
  /// the code fills the line and the Enter presses nothing (no activation is written).
  @Test func codeAndEnterInOneBurstDoNotSubmit() async throws {
    try await Setup.run { setup in
      let pane = setup.pane
      try await pane.waitForScreen(containing: Self.title(nil), "a Activate Code")
      try await pane.type("a")
      try await pane.waitForScreen(containing: Self.title(.activate), "Code 1")
      try await pane.type(setup.codes[0] + "\r")
      try await pane.waitForScreen(containing: setup.codes[0], "Well-formed")
      try await Task.sleep(for: .milliseconds(600))
      #expect(try await pane.screen().contains(Self.title(.activate)))
      #expect(try await setup.written().plans == 0)
      try await pane.send([3])
      #expect(try await pane.waitForExit() == 0)
    }
  }

  // MARK: - The plain prompts

  /// In the line-by-line wizard, "YES" typed ahead together with the answer that opens
  /// Confirm is discarded: Confirm takes only an answer typed after its question.
  @Test func plainConfirmTakesOnlyAnAnswerTypedAfterItsQuestion() async throws {
    let (store, codes) = try await WizardReliabilityTests.seeded(codes: 1)
    defer { store.remove() }
    try await TmuxPane.with(["--plain", "--store", store.path, "--now", Self.now]) { pane in
      func answer(_ text: String) async throws { try await pane.type(text + "\r") }
      try await pane.waitForScreen(containing: "1. Activate Code", "Enter a number")
      try await answer("1")
      try await pane.waitForScreen(containing: "Type code 1")
      try await answer(codes[0])
      try await pane.waitForScreen(containing: "Type code 2")
      try await answer("")
      try await pane.waitForScreen(containing: "1. Assign: Advanced")
      try await answer("1")
      try await pane.waitForScreen(containing: "[ ] UPS WR-1")
      try await answer("1")
      let assign = try await pane.waitForScreen(containing: "[x] UPS WR-1", "Next: check the dates")
      let next = try #require(
        assign.split(separator: "\n").last { $0.contains("Next: check the dates") })
      let number = String(next.trimmingCharacters(in: .whitespaces).prefix { $0 != "." })
      try await pane.type(number + "\rYES\r")
      try await pane.waitForScreen(containing: "Enter 'YES' to confirm")
      try await Task.sleep(for: .milliseconds(800))
      #expect(!(try await pane.screen().contains("Success")))
      #expect(try store.count("SELECT count(*) FROM license") == 0)
      try await answer("YES")
      try await pane.waitForScreen(containing: "Success (step 5 of 5)")
      #expect(try store.count("SELECT count(*) FROM license") == 1)
    }
  }
}
