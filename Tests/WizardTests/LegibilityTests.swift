import Foundation
import Testing
import Wizard

/// The legibility check that every golden screen goes through (`Golden.check`) catches what
/// issue 17 found, and the xterm model it measures with gives the figures seen in a real xterm.
@Suite("Legibility")
struct LegibilityTests {
  /// The palette before issue 17: colours on the terminal's own background.
  static func oldPalette(_ role: CellRole, _ colour: Bool) -> CellStyle {
    guard colour else { return CellStyle.forRole(role, colour: false) }
    switch role {
    case .title: return CellStyle(foreground: .cyan, bold: true)
    case .border: return CellStyle(foreground: .blue)
    case .selected: return CellStyle(foreground: .green, bold: true)
    case .expiring, .warning: return CellStyle(foreground: .yellow, bold: true)
    case .error: return CellStyle(foreground: .red, bold: true)
    case .hint: return CellStyle(foreground: .cyan)
    default: return CellStyle.forRole(role, colour: true)
    }
  }

  static func confirmScreen() async throws -> ScreenBuffer {
    let scenario = try await GoldenScreenTests.withTwoSelected()
    await scenario.press(.enter)
    return await scenario.screen()
  }

  @Test func xtermModelGivesTheContrastsSeenInXterm() async {
    func ratio(_ style: CellStyle, _ on: Xterm.Background) -> Double {
      (Xterm.contrast(of: style, on: on) * 100).rounded() / 100
    }
    #expect(ratio(.plain, .light) == 21 && ratio(.plain, .dark) == 21)
    // The figures: bold yellow on white about 1.1:1, cyan on white about 1.9:1.
    #expect(ratio(CellStyle(foreground: .yellow, bold: true), .light) == 1.07)
    #expect(ratio(CellStyle(foreground: .cyan), .light) == 1.98)
    // Bold turns black grey (colour 8): why a warning on yellow is never bold.
    #expect(ratio(CellStyle(foreground: .black, background: .yellow), .light) == 12.33)
    #expect(ratio(CellStyle(foreground: .black, background: .yellow, bold: true), .light) == 2.35)
    // Reverse swaps after the brightening: bold red reversed is white text on bright red.
    let reversed = Xterm.colours(
      of: CellStyle(foreground: .red, bold: true, reverse: true), on: .light)
    #expect(reversed.back == RGB(255, 0, 0) && reversed.text == .white)
  }

  @Test func oldPaletteFailsOnAWhiteTerminal() async throws {
    let legibility = await Legibility(try Self.confirmScreen(), styles: Self.oldPalette)
    let lowest = try #require(legibility.lowest[.init(colour: true, terminal: .light)])
    #expect(lowest.ratio < 1.3)
    #expect(legibility.problems.contains { $0.hasPrefix("colour light:") && $0.contains("warning") })
  }

  @Test func confirmWarningWithoutEmphasisFails() async throws {
    let buffer = try await Self.confirmScreen()
    #expect(Legibility(buffer).problems.isEmpty)
    // Still 12:1 black on yellow, but nothing left when the colour is gone.
    let colourOnly = Legibility(buffer) { role, colour in
      role == .warning
        ? (colour ? CellStyle(foreground: .black, background: .yellow) : .plain)
        : CellStyle.forRole(role, colour: colour)
    }
    #expect(colourOnly.problems.contains { $0.contains("does not stand out without colour") })
    #expect(colourOnly.problems.contains { $0.contains("warning characters stand out by colour alone") })
    #expect(colourOnly.problems.allSatisfy { !$0.contains("under 4.5:1") })
  }

  @Test func expiringRowWithoutItsMarkFails() async throws {
    let scenario = try await GoldenScreenTests.atAssign()
    var buffer = await scenario.screen()
    #expect(Legibility(buffer).problems.isEmpty)
    for row in 0..<buffer.size.height {
      for column in 0..<buffer.size.width where buffer[row, column].character == "!" {
        buffer[row, column] = Cell(" ", role: buffer[row, column].role)
      }
    }
    #expect(Legibility(buffer).problems.contains { $0.contains("without the `!` mark") })
  }

  @Test func rowMarkerWithoutReverseVideoFails() async throws {
    let scenario = try await GoldenScreenTests.atAssign()
    let bold = await Legibility(scenario.screen()) { role, colour in
      role == .pointer ? CellStyle(bold: true) : CellStyle.forRole(role, colour: colour)
    }
    #expect(bold.problems.contains { $0.contains("not in reverse video") })
  }
}
