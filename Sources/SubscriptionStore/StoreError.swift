import Foundation
import Subscriptions

/// Why the store refused or failed. Every message says what to do next.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
  case unknownCode(masked: String)
  case redeemByPassed(masked: String, redeemBy: Date)
  /// Not enough seats: `assignedTo` names the first devices that hold the seats already (at
  /// most `ActivatedPlan.devicesNamed`), `assignedCount` counts them all.
  case notEnoughSeats(
    masked: String, requested: Int, seatsLeft: Int, assignedTo: [String], assignedCount: Int)
  case unknownPlan(id: Int64)
  case unknownDevice(serial: String)
  case deviceExists(serial: String)
  case deviceNamedTwice(serial: String)
  case invalidDevice(serial: String, reason: String)
  /// The fresh projections differ from those confirmed: nothing was written.
  case datesChanged(fresh: [String: Projection])
  case notADatabase(path: String)
  case newerSchema(path: String)
  case cannotOpen(path: String, reason: String)
  case busy
  /// The call was stopped (Esc or Ctrl-C while it ran) before anything was written.
  case cancelled
  /// A server store cannot be reached, refused the login, or stopped answering. `store` is
  /// its URL without the password.
  case unreachable(store: String, reason: String)
  /// The link dropped while a write was being committed; on reconnect the store looked the
  /// write up by its id and knows whether it landed.
  case connectionLost(store: String, written: Bool)
  /// The server store's role may not do this.
  case insufficientPrivilege(store: String, reason: String)
  /// The link dropped while a write was being committed, and the server could not be
  /// reached for `waited` seconds since to look the write up: it is not known yet.
  case commitUnknown(store: String, waited: Int)
  case failed(reason: String)

  /// What to tell the technician. Serials, paths and SQLite's reasons come from outside
  /// (a command line, another tool's file): their control characters are shown as `\u{…}`
  /// so an escape sequence in them never reaches a terminal raw.
  public var message: String { Self.printable(text) }

  private var text: String {
    switch self {
    case .unknownCode(let masked):
      return "Code \(masked) is not known. Check it against the email, or ask the reseller "
        + "whether it was issued."
    case .redeemByPassed(let masked, let date):
      return "Code \(masked) had to be activated by \(Self.day(date)). Ask the reseller for "
        + "a replacement code."
    case .notEnoughSeats(let masked, let requested, let left, let assigned, let count):
      // A plan for a whole fleet can hold thousands of seats: name the first few.
      let shown = assigned.prefix(Self.devicesNamed).joined(separator: ", ")
      let named = min(assigned.count, Self.devicesNamed)
      let more = count > named ? " and \(count - named) more" : ""
      let held = assigned.isEmpty ? "" : " Its seats are assigned to: \(shown)\(more)."
      if left == 0 {
        return "All seats of code \(masked) are already assigned (0 seats left).\(held)"
      }
      return "Code \(masked) has \(left) seat\(left == 1 ? "" : "s") left, not \(requested). "
        + "Select at most \(left) device\(left == 1 ? "" : "s").\(held)"
    case .unknownPlan(let id):
      return "Plan \(id) is not activated in this store. Activate its code first."
    case .unknownDevice(let serial):
      return "No device with serial \(serial). Add it with 'smartconnect device add' first."
    case .deviceExists(let serial):
      return "A device with serial \(serial) already exists. Use another serial."
    case .deviceNamedTwice(let serial):
      return "Device \(serial) is named twice. Name each device once."
    case .invalidDevice(let serial, let reason):
      return "Device \(serial): \(reason)"
    case .datesChanged:
      return "The start dates changed since they were shown (another assignment was made). "
        + "Nothing was written; check the new dates and confirm again."
    case .notADatabase(let path):
      return "\(path) is not a smartconnect store (not an SQLite database). "
        + "Point --store at the right file or at a new path."
    case .newerSchema(let path):
      return "\(path) was written by a newer smartconnect. Update smartconnect to use it."
    case .cannotOpen(let path, let reason):
      return "Cannot open the store at \(path): \(reason). Choose a writable location "
        + "with --store or SMARTCONNECT_STORE."
    case .busy:
      return "The store is busy with another technician's write. Try again in a moment."
    case .cancelled:
      return "Stopped before anything was written."
    case .unreachable(let store, let reason):
      return "Cannot reach the store \(store): \(reason). Nothing was written."
    case .connectionLost(let store, let written):
      return written
        ? "The connection to \(store) dropped after the write was committed: it was written."
        : "The connection to \(store) dropped before the write was committed: nothing was "
          + "written. Try again."
    case .commitUnknown(let store, let waited):
      return "The connection to \(store) dropped while the write was being committed, and "
        + "the server has not answered for \(waited) s since, so whether it was written is "
        + "not known yet. Once it answers, check with 'smartconnect overview' before "
        + "confirming again."
    case .insufficientPrivilege(let store, let reason):
      return "The store \(store) refused: \(reason). Ask whoever set up the database for "
        + "the technician role."
    case .failed(let reason):
      return "The store failed: \(reason). Nothing was written."
    }
  }

  public var description: String { message }

  public static func printable(_ text: String) -> String {
    ControlCharacters.escaped(text)
  }

  /// How many of the devices holding a plan's seats a message names.
  static let devicesNamed = ActivatedPlan.devicesNamed

  public static func day(_ date: Date) -> String {
    let (y, m, d) = UTCCalendar.components(of: date)
    return String(format: "%04d-%02d-%02d", y, m, d)
  }
}
