import Localization
import Testing
@testable import Wizard

/// A fleet's counts on screen as the technician's language writes numbers: at a million
/// devices "1–16 of 1000000" was hard to read in any language.
@Suite struct NumberScreenTests {
  typealias F = Fixture

  @Test(arguments: [
    (Language.english, "1–16 of 1,000,000"), (.french, "1–16 sur 1\u{202F}000\u{202F}000"),
    (.japanese, "1–16／1,000,000"),
  ])
  func theListHeadingGroupsTheCount(language: Language, heading: String) {
    var state = F.overview
    state.language = language
    state.overview.list.count = 1_000_000
    let screen = render(state, .minimum).text
    #expect(screen.contains(heading), "\(screen)")
  }

  /// While a new filter's count is read, the heading says so instead of a number.
  @Test func aCountNotYetReadIsAnEllipsis() {
    var state = F.overview
    state.overview.list.counting = true
    let screen = render(state, .minimum).text
    #expect(screen.contains("Devices  1–3 of …"), "\(screen)")
    state.overview.list.count = 0
    state.overview.list.rows = []
    let empty = render(state, .minimum).text
    #expect(empty.contains("Devices  …"), "\(empty)")
    #expect(!empty.contains("No device"), "\(empty)")
  }
}
