import Foundation

/// When a new license would start and end, and what kind of assignment it is.
public struct Projection: Hashable, Sendable {
  public var start: Date
  public var end: Date
  public var kind: AssignmentKind

  public init(start: Date, end: Date, kind: AssignmentKind) {
    self.start = start
    self.end = end
    self.kind = kind
  }
}

/// The one start rule of DESIGN §2, for new plans, extensions, upgrades and downgrades.
public enum StartRule {
  /// Projects a new license of `tier` for `termMonths` onto a device holding `licenses`,
  /// confirmed at `now`.
  ///
  /// - start: `now`, or the latest end among licenses of the same or higher tier that have
  ///   not ended by `now`.
  /// - kind: compared with the highest tier running or queued at `now`.
  ///
  /// `termMonths` is at least 1 (`Plan.problem` refuses anything else at issue time); with
  /// 0 the end would equal the start. A license whose end equals `now` has ended: it
  /// neither delays the start nor makes the plan an extension or downgrade.
  public static func project(
    licenses: some Sequence<License>, now: Date, tier: Tier, termMonths: Int
  ) -> Projection {
    var start = now
    var highest: Tier? = nil
    for license in licenses where license.end > now {
      if license.tier >= tier && license.end > start { start = license.end }
      if highest.map({ license.tier > $0 }) ?? true { highest = license.tier }
    }
    let kind: AssignmentKind
    switch highest {
    case nil: kind = .new
    case let h? where tier == h: kind = .extension
    case let h? where tier > h: kind = .upgrade
    default: kind = .downgrade
    }
    return Projection(
      start: start, end: UTCCalendar.adding(months: termMonths, to: start), kind: kind)
  }
}
