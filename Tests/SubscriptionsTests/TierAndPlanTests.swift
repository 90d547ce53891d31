import Testing
@testable import Subscriptions

/// Tiers and plans, DESIGN §2: basic < standard < advanced; only standard and advanced sold.
@Suite struct TierAndPlanTests {
  @Test func tiersAreOrdered() {
    #expect(Tier.basic < .standard && Tier.standard < .advanced && Tier.basic < .advanced)
    #expect(Tier.allCases.sorted() == [.basic, .standard, .advanced])
    #expect(Tier.sold == [.standard, .advanced])
  }

  @Test(arguments: [
    ("standard", Tier.standard), ("ADVANCED", .advanced), ("Basic", .basic),
  ])
  func tierNamesParseInAnyCase(name: String, tier: Tier) {
    #expect(Tier(name: name) == tier)
    #expect(Tier(name: tier.name) == tier)
  }

  @Test(arguments: ["", "gold", "standard ", "std"])
  func unknownTierNamesAreRefused(name: String) {
    #expect(Tier(name: name) == nil)
  }

  @Test(arguments: [
    (Plan(tier: .standard, termMonths: 12, seats: 1), nil),
    (Plan(tier: .advanced, termMonths: 60, seats: 100_000), nil),
    (Plan(tier: .basic, termMonths: 12, seats: 1), Plan.Problem.notSold),
    (Plan(tier: .standard, termMonths: 0, seats: 1), .termOutOfRange),
    (Plan(tier: .standard, termMonths: 1201, seats: 1), .termOutOfRange),
    (Plan(tier: .standard, termMonths: 12, seats: 0), .seatsOutOfRange),
    (Plan(tier: .standard, termMonths: 12, seats: 100_001), .seatsOutOfRange),
  ])
  func onlySellablePlansCanBeIssued(plan: Plan, problem: Plan.Problem?) {
    #expect(plan.problem == problem)
  }

  @Test func planSummaryReadsLikeThePortal() {
    #expect(Plan(tier: .advanced, termMonths: 12, seats: 3).summary == "Advanced · 12 months · 3 seats")
    #expect(Plan(tier: .standard, termMonths: 1, seats: 1).summary == "Standard · 1 month · 1 seat")
  }
}
