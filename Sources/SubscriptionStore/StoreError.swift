import Foundation
import Subscriptions

/// Why the store refused or failed: a value with its data, no sentence. The words (in the
/// technician's language, each saying what to do next) live at the edge: `Words.text` for
/// the screens, the plain mode and the command line alike.
public enum StoreError: Error, Equatable, Sendable {
  case unknownCode(masked: String)
  case redeemByPassed(masked: String, redeemBy: Date)
  /// Not enough seats: `assignedTo` names the devices that hold the seats already.
  case notEnoughSeats(
    masked: String, requested: Int, seatsLeft: Int, assignedTo: [String], assignedCount: Int)
  case unknownPlan(id: Int64)
  case unknownDevice(serial: String)
  case deviceExists(serial: String)
  case deviceNamedTwice(serial: String)
  case invalidDevice(serial: String, problem: DeviceProblem)
  /// The fresh projections differ from those confirmed: nothing was written.
  case datesChanged(fresh: [String: Projection])
  case notADatabase(path: String)
  case newerSchema(path: String)
  case cannotOpen(path: String, reason: StoreReason)
  case busy
  /// The call was stopped (Esc or Ctrl-C while it ran) before anything was written.
  case cancelled
  /// A server store cannot be reached, refused the login, or stopped answering. `store` is
  /// its URL without the password.
  case unreachable(store: String, reason: StoreReason)
  /// The link dropped while a write was being committed; on reconnect the store looked the
  /// write up by its id and knows whether it landed.
  case connectionLost(store: String, written: Bool)
  /// The server store's role may not do this.
  case insufficientPrivilege(store: String, reason: StoreReason)
  /// The link dropped while a write was being committed, and the server could not be
  /// reached for `waited` seconds since to look the write up: it is not known yet.
  case commitUnknown(store: String, waited: Int)
  case failed(reason: StoreReason)

  /// Control characters in text that came from outside (a command line, another tool's
  /// file, a server's reason) shown as `\u{…}`, so an escape sequence in them never reaches
  /// a terminal raw. The words for each case live at the edge (`Words.text(_:_:)`).
  public static func printable(_ text: String) -> String {
    ControlCharacters.escaped(text)
  }

  /// How many of the devices holding a plan's seats a message names: a plan for a whole
  /// fleet can hold thousands of seats.
  public static let devicesNamed = ActivatedPlan.devicesNamed

  public static func day(_ date: Date) -> String {
    let (y, m, d) = UTCCalendar.components(of: date)
    return String(format: "%04d-%02d-%02d", y, m, d)
  }
}
