import Foundation
import SubscriptionStore
import Subscriptions

/// The JSON shapes of DESIGN §4 (normative): snake_case keys in the documented order,
/// RFC 3339 UTC instants in whole seconds, codes masked, absent values as `null`.
enum JSONOutput {
  /// `{"code","tier","term_months","seats","seats_left","assignments":[…]}`.
  static func activation(_ outcome: ActivationOutcome) -> JSONValue {
    .object([
      ("code", .string(outcome.plan.maskedCode)),
      ("tier", .string(outcome.plan.plan.tier.name)),
      ("term_months", .int(outcome.plan.plan.termMonths)),
      ("seats", .int(outcome.plan.plan.seats)),
      ("seats_left", .int(outcome.plan.seatsLeft)),
      ("assignments", .array(outcome.licenses.map(assignment))),
    ])
  }

  /// `{"device","tier","kind","starts_at","ends_at"}`.
  static func assignment(_ license: License) -> JSONValue {
    .object([
      ("device", .string(license.device)),
      ("tier", .string(license.tier.name)),
      ("kind", .string(license.kind.rawValue)),
      ("starts_at", .string(Timestamp.format(license.start))),
      ("ends_at", .string(Timestamp.format(license.end))),
    ])
  }

  /// `{"serial","name","model","site","tier","covered_until","licenses":[…]}`.
  static func device(_ device: Device, status: DeviceStatus, licenses: [License]) -> JSONValue {
    .object([
      ("serial", .string(device.serial)),
      ("name", .string(device.name)),
      ("model", .string(device.model)),
      ("site", .string(device.site)),
      ("tier", .string(status.tier.name)),
      ("covered_until", .optional(status.coveredUntil.map(Timestamp.format))),
      ("licenses", .array(licenses.map(license))),
    ])
  }

  /// `{"tier","kind","starts_at","ends_at","code"}`.
  static func license(_ license: License) -> JSONValue {
    .object([
      ("tier", .string(license.tier.name)),
      ("kind", .string(license.kind.rawValue)),
      ("starts_at", .string(Timestamp.format(license.start))),
      ("ends_at", .string(Timestamp.format(license.end))),
      ("code", .string(license.maskedCode)),
    ])
  }

  /// `{"code","tier","term_months","seats","seats_left","redeem_by"}`.
  static func plan(_ plan: ActivatedPlan) -> JSONValue {
    .object([
      ("code", .string(plan.maskedCode)),
      ("tier", .string(plan.plan.tier.name)),
      ("term_months", .int(plan.plan.termMonths)),
      ("seats", .int(plan.plan.seats)),
      ("seats_left", .int(plan.seatsLeft)),
      ("redeem_by", .optional(plan.plan.redeemBy.map(Timestamp.format))),
    ])
  }

  /// Prints `value` as one line on standard output.
  static func print(_ value: JSONValue) {
    Swift.print(value.text)
  }
}
