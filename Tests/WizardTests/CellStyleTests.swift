import Testing
import Wizard

@Suite struct CellStyleTests {
  @Test(arguments: CellRole.allCases)
  func monochromeStylesUseNoColour(role: CellRole) async {
    let style = CellStyle.forRole(role, colour: false)
    #expect(style.foreground == nil && style.background == nil)
  }

  /// A colour on the terminal's own background cannot read on both white and black.
  @Test(arguments: CellRole.allCases)
  func aColourComesWithABackgroundOfItsOwn(role: CellRole) async {
    let style = CellStyle.forRole(role, colour: true)
    #expect((style.foreground == nil) == (style.background == nil))
  }

  /// Without colour, the roles a person must tell apart still look different from text.
  /// (A selected device is told by its `[x]`.)
  @Test(arguments: [CellRole.title, .focused, .pointer, .expiring, .warning, .error])
  func meaningfulRolesStandOutWithoutColour(role: CellRole) async {
    #expect(CellStyle.forRole(role, colour: false).emphasised)
    #expect(CellStyle.forRole(role, colour: true).emphasised)
  }

  @Test(arguments: [false, true])
  func focusIsReverseVideoEitherWay(colour: Bool) async {
    #expect(CellStyle.forRole(.focused, colour: colour).reverse)
    #expect(CellStyle.forRole(.pointer, colour: colour).reverse)
  }

  @Test func plainTextSendsNothing() async {
    #expect(CellStyle.forRole(.normal, colour: true) == .plain)
    #expect(CellStyle.forRole(.normal, colour: false) == .plain)
  }

  @Test func errorsAndWarningsDifferFromEachOtherInColour() async {
    #expect(
      CellStyle.forRole(.error, colour: true) != CellStyle.forRole(.warning, colour: true))
  }
}
