import Foundation
import Subscriptions

/// The rules of an assignment that are not storage, written once for every store: each
/// store reads fresh data under its own locks and calls these inside its transaction.
public enum AssignmentRules {
  /// Refuses a device named twice in one request.
  public static func checkNamedOnce(_ serials: [String]) throws(StoreError) {
    var seen = Set<String>()
    for serial in serials where !seen.insert(serial).inserted {
      throw .deviceNamedTwice(serial: serial)
    }
  }

  /// Refuses more devices than the plan has seats left, naming who holds the seats.
  public static func checkSeats(_ plan: ActivatedPlan, requested: Int) throws(StoreError) {
    guard requested > plan.seatsLeft else { return }
    throw .notEnoughSeats(
      masked: plan.maskedCode, requested: requested, seatsLeft: plan.seatsLeft,
      assignedTo: plan.assignedDevices, assignedCount: plan.seatsUsed)
  }

  /// The instant an assignment is confirmed at, as stored: whole seconds.
  public static func confirmInstant(_ now: Date) -> Date {
    Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
  }

  /// Each device's projection for `plan` at `now`, from the licenses it holds (`held`).
  public static func projections(
    for serials: [String], held: [String: [License]], plan: Plan, now: Date
  ) -> [String: Projection] {
    var fresh: [String: Projection] = [:]
    for serial in serials {
      fresh[serial] = StartRule.project(
        licenses: held[serial] ?? [], now: now, tier: plan.tier, termMonths: plan.termMonths)
    }
    return fresh
  }

  /// Refuses when any fresh projection is not what the Confirm screen showed.
  public static func check(expected: [String: Projection]?, fresh: [String: Projection])
    throws(StoreError)
  {
    guard let expected else { return }
    for (serial, now) in fresh {
      guard let shown = expected[serial], sameAsShown(shown, now) else {
        throw .datesChanged(fresh: fresh)
      }
    }
  }

  /// Whether a fresh projection is what the Confirm screen showed: the same kind and the
  /// same UTC calendar days of start and end (shown at 10:02, confirmed at 10:03: the same).
  public static func sameAsShown(_ shown: Projection, _ fresh: Projection) -> Bool {
    shown.kind == fresh.kind && StoreError.day(shown.start) == StoreError.day(fresh.start)
      && StoreError.day(shown.end) == StoreError.day(fresh.end)
  }

  /// The licenses a confirm writes, in the order the devices were named.
  public static func licenses(
    for serials: [String], fresh: [String: Projection], plan: ActivatedPlan
  ) -> [License] {
    serials.compactMap { serial in
      fresh[serial].map {
        License(
          device: serial, tier: plan.plan.tier, kind: $0.kind, start: $0.start, end: $0.end,
          maskedCode: plan.maskedCode)
      }
    }
  }

  /// The audit trail's words for one assignment.
  public static func auditDetail(_ license: License, plan: Plan) -> String {
    "\(license.kind.rawValue) \(plan.summary), "
      + "\(StoreError.day(license.start)) to \(StoreError.day(license.end))"
  }

  /// Refuses a batch of devices that cannot be stored as given, or names a serial twice.
  public static func checkNewDevices(_ devices: [Device]) throws(StoreError) {
    var seen = Set<String>(minimumCapacity: devices.count)
    for device in devices {
      if let problem = DeviceCheck.problem(with: device) {
        throw .invalidDevice(serial: device.serial, problem: problem)
      }
      guard seen.insert(device.serial).inserted else {
        throw .deviceNamedTwice(serial: device.serial)
      }
    }
  }

  /// The audit trail's words for added devices.
  public static func addedDetail(_ devices: [Device]) -> String {
    devices.count == 1 ? "added device \(devices[0].name)" : "added \(devices.count) devices"
  }
}

/// What the audit trail records, by name (the names are stored: they never change).
public enum AuditAction: String, Sendable, CaseIterable {
  case codeIssue = "code.issue"
  case codeActivate = "code.activate"
  case deviceAdd = "device.add"
  case licenseAssign = "license.assign"
}

/// How a list filter matches a device, the same in every store: a case-insensitive
/// substring of name, serial, model or site.
public enum DeviceSearch {
  /// The filter as matched: trimmed and lower-cased (beyond ASCII, unlike SQL's LIKE).
  public static func needle(_ filter: String) -> String {
    filter.trimmingCharacters(in: .whitespaces).lowercased()
  }

  /// Whether a trigram index can find `needle` (three code points or more: the stores'
  /// trigram indexes, SQLite FTS5 and PostgreSQL pg_trgm, hold every run of three).
  public static func hasTrigrams(_ needle: String) -> Bool {
    needle.unicodeScalars.count >= 3
  }

  /// How many rows of the list a filtered window reads in overview order before it turns to
  /// the trigram index: a needle that most devices match fills a window within a few rows
  /// that way, and one that few match is found through the index instead.
  public static let probeRows = 2_000

  /// The text a device is matched against: its fields lower-cased, joined by a unit
  /// separator so a match never spans two fields.
  public static func text(of device: Device) -> String {
    [device.name, device.serial, device.model, device.site]
      .map { $0.lowercased() }.joined(separator: "\u{1F}")
  }
}
