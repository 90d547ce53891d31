import Localization
import SubscriptionStore
import Subscriptions

// MARK: - The store's values in words

extension Words {
  /// The store's refusals and failures in words, for the screens, the plain mode and the
  /// command line alike. No `default`: a new StoreError case does not compile until it is
  /// given words here.
  public static func text(_ error: StoreError, _ language: Language = .english) -> String {
    switch error {
    case .unknownCode(let masked):
      return language.tr(
        "Code {code} is not known. Check it against the email, or ask the reseller whether it was issued.",
        ["code": masked])
    case .redeemByPassed(let masked, let date):
      return language.tr(
        "Code {code} had to be activated by {date}. Ask the reseller for a replacement code.",
        ["code": masked, "date": Display.day(date)])
    case .notEnoughSeats(let masked, let requested, let left, let assigned, let count):
      let shown = assigned.prefix(StoreError.devicesNamed)
      let named = shown.map(Display.safe).joined(separator: ", ")
      var held = ""
      if !assigned.isEmpty {
        held =
          " "
          + (count > shown.count
            ? language.tr(
              "Its seats are assigned to: {devices} and {more} more.",
              ["devices": named, "more": language.number(count - shown.count)])
            : language.tr("Its seats are assigned to: {devices}.", ["devices": named]))
      }
      if left == 0 {
        return language.tr(
          "All seats of code {code} are already assigned (0 seats left).", ["code": masked])
          + held
      }
      return language.trn(
        "Code {code} has {n} seat left, not {requested}. Select at most {n} device.",
        "Code {code} has {n} seats left, not {requested}. Select at most {n} devices.",
        count: left, ["code": masked, "requested": language.number(requested)]) + held
    case .unknownPlan:
      return language.tr("This plan is not activated in this store. Activate its code first.")
    case .datesChanged:
      return language.tr(
        "The start dates changed since they were shown (another assignment was made). Nothing was written; check the new dates and confirm again.")
    case .busy:
      return language.tr(
        "The store is busy with another technician's write. Try again in a moment.")
    case .failed(let reason):
      return language.tr(
        "The store failed: {reason}. Nothing was written.", ["reason": text(reason, language)])
    case .unknownDevice(let serial):
      return language.tr(
        "No device with serial {serial}. Add it with 'smartconnect device add' first.",
        ["serial": Display.safe(serial)])
    case .cancelled:
      return language.tr("Stopped before anything was written.")
    case .unreachable(let store, let reason):
      return language.tr(
        "Cannot reach the store {store}: {reason}. Nothing was written.",
        ["store": Display.safe(store), "reason": text(reason, language)])
    case .connectionLost(let store, let written):
      return written
        ? language.tr(
          "The connection to {store} dropped after the write was committed: it was written.",
          ["store": Display.safe(store)])
        : language.tr(
          "The connection to {store} dropped before the write was committed: nothing was written. Try again.",
          ["store": Display.safe(store)])
    case .insufficientPrivilege(let store, let reason):
      return language.tr(
        "The store {store} refused: {reason}. Ask whoever set up the database for the technician role.",
        ["store": Display.safe(store), "reason": text(reason, language)])
    case .commitUnknown(let store, let waited):
      return language.tr(
        "The connection to {store} dropped while the write was being committed, and the server has not answered for {seconds} s since, so whether it was written is not known yet. Once it answers, check with 'smartconnect overview' before confirming again.",
        ["store": Display.safe(store), "seconds": String(waited)])
    case .deviceExists(let serial):
      return language.tr(
        "A device with serial {serial} already exists. Use another serial.",
        ["serial": Display.safe(serial)])
    case .deviceNamedTwice(let serial):
      return language.tr(
        "Device {serial} is named twice. Name each device once.",
        ["serial": Display.safe(serial)])
    case .invalidDevice(let serial, let problem):
      return language.tr(
        "Device {serial}: {reason}",
        ["serial": Display.safe(serial), "reason": text(problem, language)])
    case .notADatabase(let path):
      return language.tr(
        "{path} is not a smartconnect store (not an SQLite database). Point --store at the right file or at a new path.",
        ["path": Display.safe(path)])
    case .newerSchema(let path):
      return language.tr(
        "{path} was written by a newer smartconnect. Update smartconnect to use it.",
        ["path": Display.safe(path)])
    case .cannotOpen(let path, let reason):
      return language.tr(
        "Cannot open the store at {path}: {reason}. Choose a writable location with --store or SMARTCONNECT_STORE.",
        ["path": Display.safe(path), "reason": text(reason, language)])
    }
  }


  /// Why the store would refuse a device (the command line prefixes the option or the CSV
  /// line and field).
  public static func text(_ problem: DeviceProblem, _ language: Language = .english) -> String {
    let longest = ["max": String(DeviceCheck.maxTextLength)]
    switch problem {
    case .emptySerial: return language.tr("the serial is empty.")
    case .serialTooLong:
      return language.tr(
        "the serial is longer than {max} characters.",
        ["max": String(DeviceCheck.maxSerialLength)])
    case .spaceInSerial:
      return language.tr("the serial contains a space; serials are written without spaces.")
    case .emptyName: return language.tr("the name is empty; give every device a name.")
    case .controlCharacter(.serial):
      return language.tr("the serial contains a control character (a line break or tab?).")
    case .controlCharacter(.name):
      return language.tr("the name contains a control character (a line break or tab?).")
    case .controlCharacter(.model):
      return language.tr("the model contains a control character (a line break or tab?).")
    case .controlCharacter(.site):
      return language.tr("the site contains a control character (a line break or tab?).")
    case .tooLong(.serial):
      return language.tr(
        "the serial is longer than {max} characters.",
        ["max": String(DeviceCheck.maxSerialLength)])
    case .tooLong(.name): return language.tr("the name is longer than {max} characters.", longest)
    case .tooLong(.model):
      return language.tr("the model is longer than {max} characters.", longest)
    case .tooLong(.site): return language.tr("the site is longer than {max} characters.", longest)
    }
  }
}
