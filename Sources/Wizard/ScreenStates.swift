import Foundation
import SubscriptionStore
import Subscriptions

// The part of `State` each screen owns. Small value types, kept together because each is
// only a few fields; their behaviour lives in the reducer.

/// The Subscription Overview: the device table.
public struct OverviewState: Equatable, Sendable {
  public var list = DeviceList()
  public init() {}
}

/// Activate Code: one or more code lines.
public struct ActivateState: Equatable, Sendable {
  public var lines: [CodeLine] = [CodeLine()]
  /// The line the keyboard types into when the focus is on the content.
  public var focusedLine = 0
  public var focus: DialogFocus = .content
  /// A note for the whole screen (nothing typed yet).
  public var message: Message?
  public init() {}
}

/// One code as typed, and what the store said about it.
public struct CodeLine: Equatable, Sendable {
  public var text: String
  public var lookup: Lookup?

  public init(_ text: String = "", lookup: Lookup? = nil) {
    self.text = text
    self.lookup = lookup
  }

  /// What the store said about a submitted code.
  public enum Lookup: Equatable, Sendable {
    case activated(ActivatedPlan)
    /// Refused: the format is wrong or the store said no (shown under the line).
    case refused(Message)
  }

  /// Nothing but spaces and dashes: skipped on Next.
  public var isBlank: Bool { text.allSatisfy { $0 == " " || $0 == "-" } }

  /// The live format check of what is typed so far.
  public var feedback: Feedback {
    let symbols = text.filter { $0 != "-" && $0 != " " }.count
    if symbols == 0 { return .empty }
    do {
      let code = try ActivationCode(parsing: text)
      return .wellFormed(code)
    } catch {
      if case .wrongLength(let found) = error, found < ActivationCode.length {
        return .incomplete(symbols: found)
      }
      return .invalid(error)
    }
  }

  /// The live format check.
  public enum Feedback: Equatable, Sendable {
    case empty
    case incomplete(symbols: Int)
    case invalid(CodeError)
    case wellFormed(ActivationCode)
  }
}

/// Your activated plans: which plan to assign.
public struct ChoosePlanState: Equatable, Sendable {
  /// The plan under the pointer.
  public var pointedPlanID: Int64?
  public var focus: DialogFocus = .content
  public var message: Message?
  public init() {}
}

/// Assign to device: the plan being assigned and the devices chosen for it.
public struct AssignState: Equatable, Sendable {
  public var plan: ActivatedPlan?
  public var list = DeviceList()
  /// Chosen devices, in the order they were chosen.
  public var selected: [Device] = []
  public var focus: DialogFocus = .content
  /// Why the last key did nothing (no seat left, nothing selected).
  public var message: Message?
  /// The list shows only the fleet's devices that the gateway's upsd serves (`g`).
  public var onGateway = false
  public init() {}

  /// Whether `serial` is chosen.
  public func isSelected(_ serial: String) -> Bool { selected.contains { $0.serial == serial } }
}

/// Confirm assigned plan: the table of what will be written.
public struct ConfirmState: Equatable, Sendable {
  public var rows: [ConfirmRow] = []
  /// The instant the dates shown were computed at.
  public var now: Date?
  /// The store found other dates at commit: these are the new ones, to confirm again.
  public var datesChanged = false
  /// The store refused the commit (another technician took the seats), or failed.
  public var error: StoreError?
  public var focus: DialogFocus = .button(.confirm)
  /// The store is writing this confirm: another Enter does nothing until it answers.
  public var committing = false
  /// The first table row on screen when the table is taller than the dialog.
  public var top = 0
  public init() {}
}

/// One line of the Confirm table.
public struct ConfirmRow: Equatable, Sendable {
  public var device: Device
  public var projection: Projection
  /// After an upgrade: the lower-tier license that keeps running underneath.
  public var underneath: License?
  /// The dates differ from those shown before the store refused the commit.
  public var changed: Bool

  public init(device: Device, projection: Projection, underneath: License? = nil,
              changed: Bool = false) {
    self.device = device
    self.projection = projection
    self.underneath = underneath
    self.changed = changed
  }
}

/// Success: what was written.
public struct SuccessState: Equatable, Sendable {
  public var plan: ActivatedPlan?
  public var assigned: [Assigned] = []
  public var focus: DialogFocus = .button(.overview)
  public init() {}

  /// One written license and the device it went to.
  public struct Assigned: Equatable, Sendable {
    public var device: Device
    public var license: License
    public init(device: Device, license: License) {
      self.device = device
      self.license = license
    }
  }
}
