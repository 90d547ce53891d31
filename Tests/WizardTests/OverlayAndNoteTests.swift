import Foundation
import Testing
@testable import Wizard

/// The help box leaves what frames the screen in view; the `!` legend shows only with a `!`.
@Suite("Help box and notes")
struct OverlayAndNoteTests {
  /// The cells a help box must not touch: on a dialog its border (with the screen's title)
  /// and buttons, everywhere the title bar and key line.
  static func frame(_ buffer: ScreenBuffer, dialog: Bool) -> [Cell] {
    let size = buffer.size
    var rows = [0, size.height - 1]
    if dialog { rows += [1, size.height - 2, Layout.buttonRow(size)] }
    var cells = rows.flatMap { row in (0..<size.width).map { buffer[row, $0] } }
    if dialog {
      cells += (1..<(size.height - 1)).flatMap { [buffer[$0, 0], buffer[$0, size.width - 1]] }
    }
    return cells
  }

  @Test(arguments: [Size.minimum, Size(width: 100, height: 30), Size(width: 120, height: 40)])
  func helpKeepsTheDialogFrameAndButtons(size: Size) async throws {
    let scenario = try await GoldenScreenTests.withTwoSelected()
    for screen in ["assign", "confirm", "overview"] {
      if screen == "confirm" { await scenario.press(.enter) }
      if screen == "overview" { await scenario.press(.escape, .escape, .escape, .escape) }
      let before = await scenario.screen(size)
      await scenario.press(.help)
      let over = await scenario.screen(size)
      #expect(over.text.contains("Press any key to close."), "\(screen) \(size): no help")
      #expect(over.text.contains("Ctrl-C         Quit at once"), "\(screen) \(size): keys cut")
      #expect(
        Self.frame(over, dialog: screen != "overview")
          == Self.frame(before, dialog: screen != "overview"),
        "\(screen) at \(size.width)×\(size.height): the help covers the frame or buttons")
      await scenario.press(.character("x"))  // any key closes it
      #expect(await scenario.screen(size) == before)
    }
  }

  @Test func overviewExplainsTheMarkOnlyWhenADeviceShowsIt() async throws {
    let scenario = try await DemoScenario()
    await #expect(await scenario.screen().text.contains("! coverage ends within 30 days"))
    await scenario.press(.character("/"))
    await scenario.type("berlin")
    let berlin = await scenario.screen().text
    #expect(berlin.contains("Core switch UPS") && !berlin.contains("!"))
    await scenario.press(.enter)
    let filtered = await scenario.screen().text
    #expect(!filtered.contains("coverage ends"))
  }
}
