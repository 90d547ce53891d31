import Foundation

/// What one activation code carries: a tier for a number of months on a number of devices.
public struct Plan: Hashable, Sendable {
  public var tier: Tier
  /// Whole calendar months (commonly 12, 36, 60).
  public var termMonths: Int
  /// How many devices the plan can be assigned to, one seat each.
  public var seats: Int
  /// After this instant the code can no longer be activated (assignments of an already
  /// activated code are not limited by it).
  public var redeemBy: Date?

  public init(tier: Tier, termMonths: Int, seats: Int, redeemBy: Date? = nil) {
    self.tier = tier
    self.termMonths = termMonths
    self.seats = seats
    self.redeemBy = redeemBy
  }

  /// The terms a plan can have, in whole months.
  public static let termMonthsRange = 1...1200
  /// How many seats a plan can have.
  public static let seatsRange = 1...100_000

  /// Why a plan cannot be issued.
  public enum Problem: Equatable, Sendable {
    case notSold
    case termOutOfRange
    case seatsOutOfRange
  }

  /// Why a plan cannot be issued, or `nil` when it can (the stores' own guard; the words,
  /// in the technician's language, are at the edge).
  public var problem: Problem? {
    if !Tier.sold.contains(tier) { return .notSold }
    if !Self.termMonthsRange.contains(termMonths) { return .termOutOfRange }
    if !Self.seatsRange.contains(seats) { return .seatsOutOfRange }
    return nil
  }

  /// `Advanced · 12 months · 3 seats`.
  public var summary: String {
    let months = termMonths == 1 ? "1 month" : "\(termMonths) months"
    let seatWord = seats == 1 ? "1 seat" : "\(seats) seats"
    return "\(tier.title) · \(months) · \(seatWord)"
  }
}
