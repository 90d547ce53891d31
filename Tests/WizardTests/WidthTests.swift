import Foundation
import Testing
import Wizard

/// Wider terminals show more, never less: a column is shown once there is room for it
/// without cutting the others, so nothing the demo fleet fits at 80×24 is cut wider.
@Suite("Wider terminals")
struct WidthTests {
  static let widths = Array(80...200)

  @Test func overviewCutsNothingAtAnyWidth() async throws {
    let scenario = try await DemoScenario()
    for width in Self.widths {
      for height in [24, 30] {
        let text = await scenario.screen(Size(width: width, height: height)).text
        #expect(!text.contains("…"), "Overview at \(width)×\(height) cuts a value:\n\(text)")
      }
    }
  }

  @Test func assignCutsNothingAtAnyWidth() async throws {
    let scenario = try await GoldenScreenTests.withTwoSelected()
    for width in Self.widths {
      for height in [24, 30] {
        let text = await scenario.screen(Size(width: width, height: height)).text
        #expect(!text.contains("…"), "Assign at \(width)×\(height) cuts a value:\n\(text)")
      }
    }
  }

  /// A column shown at one width is shown at every wider one, on both list screens.
  @Test func columnsShownStayShownWhenWider() async throws {
    let scenario = try await GoldenScreenTests.withTwoSelected()
    for screen in ["assign", "overview"] {
      if screen == "overview" { await scenario.press(.escape, .escape, .escape) }
      var shown: Set<String> = []
      for width in Self.widths {
        let lines = await scenario.screen(Size(width: width, height: 30)).text.split(separator: "\n")
        let header = lines.first { $0.contains("Name") && $0.contains("Serial") } ?? ""
        let titles = Set(Self.titles(String(header)))
        #expect(titles.isSuperset(of: shown), "\(screen) at \(width): \(titles) lost some of \(shown)")
        shown = titles
      }
      #expect(shown.contains("Name"), "\(screen): no device table header")
    }
  }

  /// The titles in a header line: words joined by single spaces ("Covered until").
  static func titles(_ header: String) -> [String] {
    header.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && $0.first?.isLetter == true }
  }
}
