import Testing
import Wizard

@testable import CursesTerminal

@Suite struct CellStyleTests {
  @Test(arguments: CellRole.allCases)
  func monochromeStylesUseNoColour(role: CellRole) {
    #expect(CellStyle.forRole(role, colour: false).foreground == nil)
  }

  /// Without colour, the roles a person must tell apart still look different from text.
  @Test(arguments: [CellRole.title, .focused, .pointer, .selected, .expiring, .warning, .error])
  func meaningfulRolesStandOutWithoutColour(role: CellRole) {
    #expect(CellStyle.forRole(role, colour: false) != .plain)
  }

  @Test(arguments: [false, true])
  func focusIsReverseVideoEitherWay(colour: Bool) {
    #expect(CellStyle.forRole(.focused, colour: colour).reverse)
  }

  @Test func plainTextSendsNothing() {
    #expect(CellStyle.forRole(.normal, colour: true) == .plain)
    #expect(CellStyle.forRole(.normal, colour: false) == .plain)
  }

  @Test func errorsAndWarningsDifferFromEachOtherInColour() {
    #expect(
      CellStyle.forRole(.error, colour: true) != CellStyle.forRole(.warning, colour: true))
  }
}
