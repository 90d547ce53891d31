import Foundation
import Localization
import SubscriptionStore
import Subscriptions

/// The words for the wizard's values, in the technician's language: where a `Message`, an
/// error, a tier or a term becomes text. The renderer and the plain prompts call it; the
/// state never holds its output. Dates stay ISO (`2027-01-15`) in every language.
public enum Words {
  /// The sentence for `message`.
  public static func text(_ message: Message, _ language: Language = .english) -> String {
    switch message {
    case .badCode(let error): text(error, language)
    case .store(let error): text(error, language)
    case .noPlanWithSeatsLeft:
      language.tr("No activated plan has seats left. Go Back and enter a code.")
    case .allSeatsChosen(let left):
      language.trn(
        "This plan has {n} seat left. Unselect a device (Space) first.",
        "This plan has {n} seats left. Unselect a device (Space) first.", count: left)
    case .noDeviceChosen: language.tr("Select at least one device with Space, then Next.")
    }
  }

  /// The note for input that was set aside (shown on the key line).
  public static func text(_ notice: Notice, _ language: Language = .english) -> String {
    switch notice {
    case .pasteIgnored:
      language.tr("Pasted text ignored: paste activation codes on Activate Code.")
    case .noCodeInPaste:
      language.tr("No activation code found in the pasted text (XXXXX-XXXXX-XXXXX-XXXXX).")
    case .pressedTooEarly:
      language.tr("Pressed before this screen could be read: check it, then press again.")
    }
  }

  /// What a write under way when the wizard ended came to (printed after the screen).
  public static func text(_ report: ExitReport, _ language: Language = .english) -> String {
    switch report {
    case .committed(let devices):
      language.trn(
        "The assignment confirmed before smartconnect ended was written: {n} device ({devices}).",
        "The assignment confirmed before smartconnect ended was written: {n} devices ({devices}).",
        count: devices.count, ["devices": devices.map(Display.safe).joined(separator: ", ")])
    case .confirmStopped: language.tr("smartconnect ended while confirming: nothing was written.")
    case .connectionLost(let error): text(error, language)
    case .codeActivated(let masked):
      language.tr(
        "Code {code} was activated before smartconnect ended; no seat of it was assigned.",
        ["code": masked])
    case .activationStopped:
      language.tr("smartconnect ended while activating a code: nothing was written.")
    case .gatewayAdded(let serials):
      language.trn(
        "The device added from this gateway before smartconnect ended was written: {n} ({devices}).",
        "The devices added from this gateway before smartconnect ended were written: {n} ({devices}).",
        count: serials.count, ["devices": serials.map(Display.safe).joined(separator: ", ")])
    case .gatewayAddStopped:
      language.tr("smartconnect ended while adding this gateway's units: nothing was added.")
    }
  }

  /// What is wrong with a typed code and what to do about it.
  public static func text(_ error: CodeError, _ language: Language = .english) -> String {
    switch error {
    case .empty:
      return language.tr(
        "No code entered. Type the 20-symbol activation code from the email, e.g. XXXXX-XXXXX-XXXXX-XXXXX.")
    case .invalidSymbol(let symbol, let position):
      if symbol == "U" || symbol == "u" {
        return language.tr(
          "Symbol 'U' at position {position} is not used in activation codes. Check the email: it is probably a V.",
          ["position": String(position)])
      }
      return language.tr(
        "Symbol '{symbol}' at position {position} is not part of an activation code. Codes use only the digits 0-9 and the letters A-Z (never U).",
        ["symbol": Display.safe(String(symbol)), "position": String(position)])
    case .wrongLength(let found):
      let off = abs(found - ActivationCode.length)
      let hint =
        found < ActivationCode.length
        ? language.trn("{n} is missing", "{n} are missing", count: off)
        : language.trn("{n} is extra", "{n} are extra", count: off)
      return language.trn(
        "Found {n} symbol; an activation code has 20 (four groups of five), so {hint}. Compare it with the email group by group.",
        "Found {n} symbols; an activation code has 20 (four groups of five), so {hint}. Compare it with the email group by group.",
        count: found, ["hint": hint])
    case .checkMismatch:
      return language.tr(
        "This code does not check out: a symbol was mistyped or two were swapped. Compare it with the email symbol by symbol.")
    }
  }

  /// The tier's name: `Basic Monitoring`, `Standard`, `Advanced`; `short` gives the
  /// column form of Basic Monitoring.
  public static func tier(_ tier: Tier, _ language: Language, short: Bool = false) -> String {
    switch tier {
    case .basic: short ? language.tr("Basic") : language.tr("Basic Monitoring")
    case .standard: language.tr("Standard")
    case .advanced: language.tr("Advanced")
    }
  }

  /// What an assignment does: `New`, `Extension`, `Upgrade`, `Downgrade`.
  public static func kind(_ kind: AssignmentKind, _ language: Language) -> String {
    switch kind {
    case .new: language.tr("New")
    case .extension: language.tr("Extension")
    case .upgrade: language.tr("Upgrade")
    case .downgrade: language.tr("Downgrade")
    }
  }

  /// `12 months`.
  public static func term(_ months: Int, _ language: Language) -> String {
    language.trn("{n} month", "{n} months", count: months)
  }

  /// `3 seats`.
  public static func seats(_ count: Int, _ language: Language) -> String {
    language.trn("{n} seat", "{n} seats", count: count)
  }

  /// `Advanced · 36 months · 3 seats`.
  public static func plan(_ plan: Plan, _ language: Language) -> String {
    tier(plan.tier, language) + " · " + term(plan.termMonths, language) + " · "
      + seats(plan.seats, language)
  }
}

extension Words {
  /// A table column's header.
  public static func column(_ title: String, _ language: Language) -> String {
    switch title {
    case "Plan": language.tr("Plan")
    case "Term": language.tr("Term")
    case "Seats left": language.tr("Seats left")
    case "Code": language.tr("Code")
    case "Redeem by": language.tr("Redeem by")
    case "Activated": language.tr("Activated")
    case "Name": language.tr("Name")
    case "Serial": language.tr("Serial")
    case "Model": language.tr("Model")
    case "Site": language.tr("Site")
    case "Tier": language.tr("Tier")
    case "Covered until": language.tr("Covered until")
    case "Kind": language.tr("Kind")
    case "Starts": language.tr("Starts")
    case "Device": language.tr("Device")
    case "Start": language.tr("Start")
    case "End": language.tr("End")
    default: title
    }
  }

  /// The portal's title of a screen.
  public static func title(_ screen: Screen, _ language: Language) -> String {
    switch screen {
    case .overview: language.tr("Subscription Overview")
    case .activateCode: language.tr("Activate Code")
    case .activatedPlans: language.tr("Your activated plans")
    case .assignToDevice: language.tr("Assign to device")
    case .confirm: language.tr("Confirm assigned plan")
    case .success: language.tr("Success")
    }
  }

  /// A button as drawn: `< Next >`.
  public static func button(_ button: Button, _ language: Language) -> String {
    let word =
      switch button {
      case .back: language.tr("Back")
      case .next: language.tr("Next")
      case .confirm: language.tr("Confirm")
      case .cancel: language.tr("Cancel")
      case .continue: language.tr("Continue")
      case .overview: language.tr("Overview")
      }
    return "< " + word + " >"
  }
}

extension Words {
  /// The widest word a column of `title` shows in `language` (a tier, a kind, a term, a
  /// plan): its column is at least that wide, so no word the program writes is ever cut.
  static func valueWidth(_ title: String, _ language: Language) -> Int {
    if title == "Plan · term" {
      return valueWidth("Tier", language) + 3
        + ([12, 36, 60].map {
          Display.width(language.tr("{months} mo", ["months": String($0)]))
        }.max() ?? 0)
    }
    let tiers = [tier(.basic, language, short: true), tier(.standard, language),
                 tier(.advanced, language)]
    let widest = { (words: [String]) in words.map { Display.width($0) }.max() ?? 0 }
    switch title {
    case "Tier", "Plan": return widest(tiers)
    case "Kind": return widest(AssignmentKind.allCases.map { kind($0, language) })
    case "Term": return widest([1, 12, 24, 36, 60].map { term($0, language) })
    default: return 0
    }
  }
}
