import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Testing
import Wizard

/// Every screen and state of the wizard, rendered from the demo fleet at the reference
/// clock and compared with `screens/` exactly.
@Suite("Golden screens")
struct GoldenScreenTests {
  static let wide = Size(width: 120, height: 40)

  /// A well-formed code no store has issued.
  static let unknownCode: String = {
    var random = SeededRandom(seed: 99)
    return ActivationCode.generate(using: &random).canonical
  }()

  /// The demo's Advanced 36 months, 3 seats code.
  static func advancedCode(_ scenario: DemoScenario) -> String { scenario.fleet.demoCodes[1] }

  /// Overview → Activate Code with the Advanced code → Your activated plans → Assign.
  static func atAssign(_ language: Language = .english, gateway: GatewayScan? = nil) async throws
    -> DemoScenario
  {
    let scenario = try await DemoScenario(language: language, gateway: gateway)
    await scenario.press(.character("a"))
    await scenario.type(advancedCode(scenario))
    await scenario.press(.enter, .enter)
    return scenario
  }

  /// At Assign with Line 1 (an upgrade) and 大阪ラボ UPS (new, a Japanese name) selected.
  static func withTwoSelected(_ language: Language = .english) async throws
    -> DemoScenario
  {
    let scenario = try await atAssign(language)
    await scenario.pointAt("Line 1 PLC UPS")
    await scenario.press(.space)
    await scenario.pointAt("大阪ラボ UPS")
    await scenario.press(.space)
    await scenario.pointAt("Storage UPS")
    return scenario
  }

  @Test func overview() async throws {
    let scenario = try await DemoScenario()
    await Golden.check(scenario.screen(), "00-overview.txt")
    await Golden.check(scenario.screen(Self.wide), "00-overview-120x40.txt")
  }

  @Test func overviewFilter() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("/"))
    await scenario.type("lyon")
    await Golden.check(scenario.screen(), "00b-overview-filter.txt")
  }

  @Test func activateCodeWhileTyping() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await scenario.type(Self.advancedCode(scenario))
    await scenario.press(.down)
    await scenario.type("7k3q-")
    await Golden.check(scenario.screen(), "01-activate-code.txt")
  }

  @Test func activateCodeErrors() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await scenario.type(Self.unknownCode)
    await scenario.press(.down)
    await scenario.type(String(Self.advancedCode(scenario).dropLast()) + "U")
    await scenario.press(.enter)
    await Golden.check(scenario.screen(), "01b-activate-code-error.txt")
  }

  /// Two codes in one go: the Standard one with a redeem-by date, then the Advanced one.
  @Test func yourActivatedPlans() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await scenario.type(scenario.fleet.demoCodes[0])
    await scenario.press(.down)
    await scenario.type(Self.advancedCode(scenario))
    await scenario.press(.enter)
    await Golden.check(scenario.screen(), "02-your-activated-plans.txt")
  }

  @Test func activateCodeAfterBack() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.character("a"))
    await scenario.type(Self.advancedCode(scenario))
    await scenario.press(.enter, .escape)
    await Golden.check(scenario.screen(), "02b-activate-code-after-back.txt")
  }

  @Test func assignToDevice() async throws {
    let scenario = try await Self.withTwoSelected()
    await Golden.check(scenario.screen(), "03-assign-to-device.txt")
    await Golden.check(scenario.screen(Self.wide), "03-assign-to-device-120x40.txt")
  }

  @Test func assignFilter() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.character("/"))
    await scenario.type("osaka")
    await Golden.check(scenario.screen(), "03b-assign-to-device-filter.txt")
  }

  @Test func assignNoSeatLeft() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.space)
    await scenario.press(.down, .space)
    await Golden.check(scenario.screen(), "03c-assign-to-device-no-seat-left.txt")
  }

  @Test func confirm() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.enter)
    await Golden.check(scenario.screen(), "04-confirm.txt")
  }

  @Test func confirmDatesChanged() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.enter)
    // Meanwhile another technician puts the Advanced year on 大阪ラボ UPS.
    let other = try scenario.otherTechnician()
    let code = try ActivationCode(parsing: scenario.fleet.demoCodes[2])
    let context = TestStore.context(at: DemoScenario.now, operatorName: "other")
    let plan = try await other.activate(code, context: context)
    _ = try await other.assign(
      planID: plan.id, to: [scenario.serial("大阪ラボ UPS")], expected: nil, context: context)
    await scenario.press(.enter)
    await Golden.check(scenario.screen(), "04b-confirm-dates-changed.txt")
  }

  @Test func confirmSeatsTaken() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.enter)
    // Meanwhile another technician assigns two of the three seats elsewhere.
    let other = try scenario.otherTechnician()
    let context = TestStore.context(at: DemoScenario.now, operatorName: "other")
    let planID = try #require(scenario.driver.state.assign.plan?.id)
    _ = try await other.assign(
      planID: planID, to: [scenario.serial("Reception UPS"), scenario.serial("Lab bench UPS")],
      expected: nil, context: context)
    await scenario.press(.enter)
    await Golden.check(scenario.screen(), "04c-confirm-seats-taken.txt")
  }

  @Test func success() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.enter, .enter)
    await Golden.check(scenario.screen(), "05-success.txt")
  }

  @Test func help() async throws {
    let scenario = try await DemoScenario()
    await scenario.press(.help)
    await Golden.check(scenario.screen(), "06-help.txt")
  }

  /// Over a dialog the help leaves its border, title and buttons in view.
  @Test func helpOverADialog() async throws {
    let scenario = try await Self.withTwoSelected()
    await scenario.press(.enter, .help)
    await Golden.check(scenario.screen(), "06b-help-over-confirm.txt")
  }

  // MARK: - The gateway's UPS units (upsd)

  /// upsd serves two units the fleet lacks: the Overview offers them.
  @Test func overviewGatewayOffer() async throws {
    let scenario = try await DemoScenario(gateway: DemoScenario.gateway)
    await Golden.check(scenario.screen(), "00c-overview-gateway.txt")
    await Golden.check(scenario.screen(Self.wide), "00c-overview-gateway-120x40.txt")
    await scenario.press(.character("g"))
    await Golden.check(scenario.screen(), "00d-overview-gateway-add.txt")
    await Golden.check(scenario.screen(Self.wide), "00d-overview-gateway-add-120x40.txt")
    await scenario.press(.enter)
    await Golden.check(scenario.screen(), "00e-overview-gateway-added.txt")
  }

  /// The units upsd serves are marked; `g` lists only them.
  @Test func assignGateway() async throws {
    let scenario = try await Self.gatewayAssign()
    await Golden.check(scenario.screen(), "03d-assign-gateway.txt")
    await Golden.check(scenario.screen(Self.wide), "03d-assign-gateway-120x40.txt")
    await scenario.press(.character("g"))
    await Golden.check(scenario.screen(), "03e-assign-gateway-only.txt")
    await Golden.check(scenario.screen(Self.wide), "03e-assign-gateway-only-120x40.txt")
  }

  /// At Assign on a gateway whose upsd serves three of the fleet's units, Line 1 selected.
  static func gatewayAssign(_ language: Language = .english) async throws -> DemoScenario {
    let scenario = try await atAssign(language, gateway: DemoScenario.gateway)
    await scenario.pointAt("Line 1 PLC UPS")
    await scenario.press(.space)
    return scenario
  }

  @Test func tooSmall() async throws {
    let scenario = try await DemoScenario()
    await Golden.check(scenario.screen(Size(width: 60, height: 20)), "07-too-small.txt")
  }
}

@Suite("README", .serialized)
struct ReadmeScreenTests {
  /// The README shows the Overview, Assign and Confirm screens (and Confirm in French) as
  /// they are in `screens/`.
  @Test(arguments: [
    "00-overview.txt", "03-assign-to-device.txt", "04-confirm.txt", "fr/04-confirm.txt",
    "03d-assign-gateway.txt",
  ])
  func readmeShowsTheReferenceScreen(_ name: String) async throws {
    let root = Golden.screens.deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let screen = try String(
      contentsOf: Golden.screens.appendingPathComponent(name), encoding: .utf8)
    let block = "```\n" + screen.trimmingCharacters(in: .newlines) + "\n```"
    let readmeURL = root.appendingPathComponent("README.md")
    if Golden.updating, !readme.contains(block),
      let caption = readme.range(of: "(`screens/\(name)`):\n\n"),
      let end = readme.range(of: "\n```\n", range: readme.index(caption.upperBound, offsetBy: 4)..<readme.endIndex)
    {
      // Rewrites the block under the screen's caption along with the screens themselves.
      var updated = readme
      updated.replaceSubrange(caption.upperBound..<end.upperBound, with: block + "\n")
      try updated.write(to: readmeURL, atomically: true, encoding: .utf8)
      return
    }
    #expect(readme.contains(block), "README.md does not show screens/\(name) as it is now")
  }
}
