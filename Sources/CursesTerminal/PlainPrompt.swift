import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Wizard

/// One screen as line-by-line text: what it shows, the numbered choices, the question, and
/// what an answer does: the intents it means (`codeEdited`, `deviceToggled(serial:)`,
/// `planChosen(id:)`, …), never keystrokes replayed.
struct PlainPrompt {
  /// What an answer did.
  enum Reply: Equatable {
    /// The wizard moved on or changed: show the screen again.
    case changed
    /// The answer meant nothing here: say why and ask again.
    case invalid(String)
    case quit
  }

  struct Choice {
    var label: String
    var actions: [Action]
  }

  var body: [String]
  var choices: [Choice] = []
  var question = ""
  /// Free text that is not a choice number (codes, YES, device numbers); `nil` when only
  /// the numbered choices are accepted.
  var text: ((String) -> Reply)?
  private var driver: WizardDriver

  init(body: [String], driver: WizardDriver) {
    self.body = body
    self.driver = driver
  }

  /// The prompt for the screen the wizard is on.
  static func make(for driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    var prompt: PlainPrompt
    switch state.screen {
    case .overview: prompt = overview(driver)
    case .activateCode: prompt = activate(driver)
    case .activatedPlans: prompt = plans(driver)
    case .assignToDevice: prompt = assign(driver)
    case .confirm: prompt = confirm(driver)
    case .success: prompt = success(driver)
    }
    if let error = state.loadError {
      prompt.body.insert(
        state.language.tr("Error: {reason}", ["reason": Words.text(error, state.language)]),
        at: 1)
    }
    return prompt
  }

  /// Applies an answer: a choice number, or the screen's free text.
  func answer(_ line: String) -> Reply {
    if let number = Int(line), !choices.isEmpty {
      guard choices.indices.contains(number - 1) else {
        return .invalid(Self.enterANumber(choices.count, driver.state.language))
      }
      return send(choices[number - 1].actions)
    }
    if let text { return text(line) }
    return .invalid(Self.enterANumber(choices.count, driver.state.language))
  }

  /// Said when an answer is not one of the `count` choices.
  static func enterANumber(_ count: Int, _ language: Language) -> String {
    language.tr("Enter a number from 1 to {count}.", ["count": String(count)])
  }

  /// Sends `actions` in order; `.quit` when the wizard quit.
  func send(_ actions: [Action]) -> Reply {
    for action in actions {
      // Each answer is asked from the settled state: wait for the store's reply.
      let outcome = driver.send(action)
      driver.waitUntilIdle()
      if outcome == .quit { return .quit }
    }
    return .changed
  }

  /// The standard question for numbered choices.
  static func choose(_ count: Int, _ language: Language) -> String {
    language.tr("Enter a number (1-{count}): ", ["count": String(count)])
  }

  static func heading(_ state: State) -> String {
    let language = state.language
    let step = state.screen.step.map {
      " (" + language.tr("step {step} of {steps}", ["step": String($0), "steps": "5"]) + ")"
    }
    return "== " + Words.title(state.screen, language) + (step ?? "") + " == "
      + Display.minute(state.now)
  }

  static func planLine(_ plan: ActivatedPlan, _ language: Language) -> String {
    language.tr(
      "{tier}, {term}, {left} of {seats} left, code {code}",
      [
        "tier": Words.tier(plan.plan.tier, language),
        "term": Words.term(plan.plan.termMonths, language),
        "left": language.number(plan.seatsLeft),
        "seats": Words.seats(plan.plan.seats, language), "code": plan.maskedCode,
      ])
  }

  static func deviceLine(_ row: DeviceRow, now: Date, _ language: Language) -> String {
    let device = row.device
    let status = DeviceStatus.at(now, licenses: row.licenses)
    var line = "\(Display.safe(device.name)) (\(Display.safe(device.serial)))"
    if !device.site.isEmpty { line += ", \(Display.safe(device.site))" }
    line += ": " + Words.tier(status.tier, language)
    if let until = status.coveredUntil {
      line += " " + language.tr("until {date}", ["date": Display.day(until)])
    }
    if status.expiring {
      line += " - " + language.tr("coverage ends within {days} days", ["days": "30"])
    }
    return line
  }

  /// The choices that page a device list: the pointer goes to the row a page away, so the
  /// window turns a whole page.
  static func pagingChoices(
    _ id: ListID, _ list: DeviceList, visible: Int, language: Language = .english
  ) -> [Choice] {
    var choices: [Choice] = []
    let shownEnd = min(list.count, list.top + visible)
    if shownEnd < list.count {
      choices.append(
        Choice(
          label: language.tr("Show the next devices"),
          actions: [.rowPointed(id, index: shownEnd - 1 + visible)]))
    }
    if list.top > 0 {
      choices.append(
        Choice(
          label: language.tr("Show the previous devices"),
          actions: [.rowPointed(id, index: max(0, list.top - visible))]))
    }
    return choices
  }

  /// The loaded rows on screen with their absolute indexes.
  static func shownRows(_ list: DeviceList, visible: Int) -> [(index: Int, row: DeviceRow)] {
    (list.top..<min(list.count, list.top + visible)).compactMap { index in
      list.row(at: index).map { (index, $0) }
    }
  }
}
