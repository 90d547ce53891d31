import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Wizard

// MARK: - The screens as prompts

extension PlainPrompt {
  static func overview(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    if state.gateway.confirming { return gatewayConfirmation(driver) }
    let language = state.language
    var body = [heading(state)]
    let plans = state.plansWithSeatsLeft
    body.append(
      plans.isEmpty
        ? language.tr("No activated plan has seats left.")
        : language.tr("Activated plans with seats left:"))
    body += plans.map { "  - " + planLine($0, language) }
    let list = state.overview.list
    let visible = Layout.visibleRows(.overview, in: state)
    let shown = shownRows(list, visible: visible)
    if list.count == 0 {
      body.append(language.tr("No devices in the store."))
    } else if let first = shown.first, let last = shown.last {
      body.append(
        language.tr(
          "Devices {first}-{last} of {count}:",
          [
            "first": language.number(first.index + 1), "last": language.number(last.index + 1),
            "count": language.number(list.count),
          ]))
      body += shown.map { "  - " + deviceLine($0.row, now: state.now, language) }
    }
    switch state.gateway.outcome {
    case .added(let count):
      body.append(
        language.trn(
          "Added {n} device from this gateway.", "Added {n} devices from this gateway.",
          count: count))
    case .refused(let error):
      body.append(
        language.tr(
          "Nothing was added from this gateway: {reason}", ["reason": Words.text(error, language)]))
    case nil: break
    }
    body.append(language.tr("What next?"))
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [Choice(label: language.tr("Activate Code"), actions: [.activatePressed])]
    let newUnits = state.gateway.newUnits.count
    if newUnits > 0 {
      prompt.choices.append(
        Choice(
          label: language.trn(
            "Add the {n} UPS unit on this gateway that the fleet lacks",
            "Add the {n} UPS units on this gateway that the fleet lacks", count: newUnits),
          actions: [.gatewayAddOpened]))
    }
    prompt.choices += pagingChoices(.overview, list, visible: visible, language: language)
    prompt.choices.append(Choice(label: language.tr("Quit"), actions: [.quitPressed]))
    prompt.question = choose(prompt.choices.count, language)
    prompt.text = { line in
      // `quit` is typed as printed, in every language (like the key names).
      line.lowercased() == "quit"
        ? prompt.send([.quitPressed])
        : .invalid(enterANumber(prompt.choices.count, language))
    }
    return prompt
  }

  /// The units the gateway's upsd serves that the fleet lacks, to add or not.
  static func gatewayConfirmation(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let language = state.language
    let units = state.gateway.newUnits
    var body = [
      heading(state),
      language.trn(
        "Add {n} UPS unit that this gateway's upsd serves to the fleet?",
        "Add {n} UPS units that this gateway's upsd serves to the fleet?", count: units.count),
    ]
    body += units.map { unit in
      "  - " + ([Display.safe(unit.name) + " (" + Display.safe(unit.serial) + ")"]
        + [unit.model, unit.site].filter { !$0.isEmpty }.map(Display.safe))
        .joined(separator: ", ")
    }
    body.append(
      state.gateway.site.isEmpty
        ? language.tr("All or none, without a site. A unit that reports no serial is never added.")
        : language.tr(
          "All or none, at the site of this gateway's units in the fleet. A unit that reports no serial is never added."
        ))
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [
      Choice(label: language.tr("Add them"), actions: [.gatewayAddConfirmed]),
      Choice(label: language.tr("Cancel"), actions: [.backPressed]),
    ]
    prompt.question = choose(prompt.choices.count, language)
    return prompt
  }

  static func activate(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let activate = state.activate
    let language = state.language
    var body = [heading(state)]
    body.append(
      language.tr(
        "Type the activation code from the email (XXXXX-XXXXX-XXXXX-XXXXX), one per line."))
    if !state.demoCodes.isEmpty {
      body.append(language.tr("Demo codes:") + " " + state.demoCodes.joined(separator: ", "))
    }
    for (index, line) in activate.lines.enumerated() where !line.text.isEmpty {
      var text =
        "  " + language.tr("Code {number}", ["number": String(index + 1)]) + ": "
        + Display.safe(line.text)
      switch line.lookup {
      case .activated(let plan):
        text += " - " + language.tr("activated: {plan}", ["plan": planLine(plan, language)])
      case .refused(let message):
        text += " - " + language.tr("refused: {reason}", ["reason": Words.text(message, language)])
      case nil: break
      }
      body.append(text)
    }
    if let message = activate.message { body.append(Words.text(message, language)) }
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [
      Choice(label: language.tr("Next: look up the codes typed"), actions: [.buttonPressed(.next)]),
      Choice(label: language.tr("Back"), actions: [.buttonPressed(.back)]),
      Choice(label: language.tr("Cancel"), actions: [.buttonPressed(.cancel)]),
    ]
    let target = codeLineToType(activate)
    var refused = false
    if target < activate.lines.count, case .refused = activate.lines[target].lookup {
      refused = true
    }
    let number = ["number": String(target + 1)]
    prompt.question =
      refused
      ? language.tr(
        "Type code {number} again, or a number (an empty line leaves it out): ", number)
      : language.tr("Type code {number}, or a number (an empty line is Next): ", number)
    prompt.text = { line in
      typeCode(line, into: target, driver: driver, prompt: prompt)
    }
    return prompt
  }

  /// The line the next code goes into: a refused line to correct, else a fresh line.
  static func codeLineToType(_ activate: ActivateState) -> Int {
    if case .refused = activate.lines[activate.focusedLine].lookup { return activate.focusedLine }
    if let last = activate.lines.indices.last, activate.lines[last].text.isEmpty { return last }
    return activate.lines.count
  }

  /// Puts `text` into code line `target` (a new line when it is one past the last), or
  /// submits on an empty answer.
  static func typeCode(_ text: String, into target: Int, driver: WizardDriver, prompt: PlainPrompt)
    -> Reply
  {
    let activate = driver.state.activate
    let existing = target < activate.lines.count ? activate.lines[target].text : ""
    if text.isEmpty {
      // An empty answer: drop a refused line's text, or go on.
      return existing.isEmpty
        ? prompt.send([.buttonPressed(.next)])
        : prompt.send([.codeEdited(line: target, text: "")])
    }
    let reply = prompt.send([.codeEdited(line: target, text: text)])
    let language = driver.state.language
    let line = driver.state.activate.lines[driver.state.activate.focusedLine]
    switch line.feedback {
    case .invalid(let error):
      _ = prompt.send([.codeEdited(line: target, text: "")])
      return .invalid(
        language.tr(
          "Not a code: {reason} Type it again.", ["reason": Words.text(error, language)]))
    case .incomplete(let symbols):
      _ = prompt.send([.codeEdited(line: target, text: "")])
      return .invalid(
        language.trn(
          "Only {n} of the {total} symbols. Type the whole code again.",
          "Only {n} of the {total} symbols. Type the whole code again.", count: symbols,
          ["total": String(ActivationCode.length)]))
    case .empty, .wellFormed:
      return reply
    }
  }

  static func plans(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let language = state.language
    var body = [
      heading(state),
      language.tr("Check that the right plan is shown, then choose the one to assign."),
    ]
    if let message = state.choosePlan.message { body.append(Words.text(message, language)) }
    var prompt = PlainPrompt(body: body, driver: driver)
    for plan in state.plansWithSeatsLeft {
      let line = planLine(plan, language)
      prompt.choices.append(
        Choice(
          label: plan.id == state.choosePlan.pointedPlanID
            ? language.tr("Assign: {plan} (current)", ["plan": line])
            : language.tr("Assign: {plan}", ["plan": line]),
          actions: [.planChosen(id: plan.id)]))
    }
    prompt.choices += [
      Choice(label: language.tr("Back"), actions: [.buttonPressed(.back)]),
      Choice(label: language.tr("Cancel"), actions: [.buttonPressed(.cancel)]),
    ]
    prompt.question = choose(prompt.choices.count, language)
    return prompt
  }

}

extension PlainPrompt {
  static func assign(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let assign = state.assign
    let language = state.language
    var body = [heading(state)]
    guard let plan = assign.plan else { return PlainPrompt(body: body, driver: driver) }
    body.append(language.tr("Plan:") + " " + planLine(plan, language))
    body.append(
      language.tr(
        "Choose up to {seats}: a device's number selects or unselects it (several at once: \"1 3\"). Selected: {selected}.",
        [
          "seats": Words.seats(plan.seatsLeft, language),
          "selected": language.number(assign.selected.count),
        ]))
    if let message = assign.message { body.append(Words.text(message, language)) }
    let list = assign.list
    let visible = Layout.visibleRows(.assign, in: state)
    var prompt = PlainPrompt(body: body, driver: driver)
    for (_, row) in shownRows(list, visible: visible) {
      let projection = StartRule.project(
        licenses: row.licenses, now: state.now, tier: plan.plan.tier,
        termMonths: plan.plan.termMonths)
      let mark = assign.isSelected(row.device.serial) ? "[x]" : "[ ]"
      let here = state.gateway.serves(row.device.serial)
        ? " (" + language.tr("on this gateway") + ")" : ""
      prompt.choices.append(
        Choice(
          label: mark + " "
            + language.tr(
              "{device}; would be: {kind}, starting {date}",
              [
                "device": deviceLine(row, now: state.now, language) + here,
                "kind": Words.kind(projection.kind, language),
                "date": Display.day(projection.start),
              ]),
          actions: [.deviceToggled(serial: row.device.serial)]))
    }
    if list.count == 0 {
      body.append(
        assign.onGateway && list.filter.isEmpty
          ? language.tr("None of this gateway's UPS units is in the fleet yet.")
          : language.tr("No devices in the store."))
    }
    let toggles = prompt.choices.count
    prompt.choices += pagingChoices(.assign, list, visible: visible, language: language)
    if state.gateway.hasUnits {
      prompt.choices.append(
        Choice(
          label: assign.onGateway
            ? language.tr("Show all devices")
            : language.tr("Show only the devices on this gateway (upsd)"),
          actions: [.gatewayFilterToggled]))
    }
    prompt.choices += [
      Choice(label: language.tr("Next: check the dates"), actions: [.buttonPressed(.next)]),
      Choice(label: language.tr("Back"), actions: [.buttonPressed(.back)]),
      Choice(label: language.tr("Cancel"), actions: [.buttonPressed(.cancel)]),
    ]
    prompt.body = body
    prompt.question = choose(prompt.choices.count, language)
    // Several device numbers at once, applied in order (each from where the pointer is then).
    prompt.text = { line in
      let numbers = line.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Int($0) }
      guard numbers.count > 1, numbers.allSatisfy({ (1...toggles).contains($0) }) else {
        return .invalid(
          language.tr(
            "Enter one number from 1 to {count}, or device numbers from 1 to {devices} separated by spaces.",
            ["count": String(prompt.choices.count), "devices": String(toggles)]))
      }
      let rows = shownRows(list, visible: visible)
      let serials = numbers.map { rows[$0 - 1].row.device.serial }
      _ = prompt.send(serials.map { Action.deviceToggled(serial: $0) })
      return .changed
    }
    return prompt
  }

  static func confirm(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let confirm = state.confirm
    let language = state.language
    var body = [heading(state)]
    if let plan = state.assign.plan {
      body.append(language.tr("Plan:") + " " + planLine(plan, language))
    }
    if confirm.datesChanged {
      body.append(
        language.tr(
          "The start dates changed since they were shown (another assignment was made). Nothing was written; check the new dates:"))
    }
    for row in confirm.rows {
      let arguments = [
        "device": "\(Display.safe(row.device.name)) (\(Display.safe(row.device.serial)))",
        "kind": Words.kind(row.projection.kind, language),
        "start": Display.day(row.projection.start), "end": Display.day(row.projection.end),
      ]
      body.append(
        "  "
          + (row.changed
            ? language.tr("{device}: {kind}, {start} to {end} (changed)", arguments)
            : language.tr("{device}: {kind}, {start} to {end}", arguments)))
      if let under = row.underneath {
        body.append(
          "    "
            + language.tr(
              "Its {tier} license keeps running underneath until {date}.",
              ["tier": Words.tier(under.tier, language), "date": Display.day(under.end)]))
      }
    }
    if let error = confirm.error {
      body.append(language.tr("Refused: {reason}", ["reason": Words.text(error, language)]))
    }
    body.append(language.tr("Once you have assigned a plan to a device, you cannot change it."))
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [
      Choice(label: language.tr("Back"), actions: [.buttonPressed(.back)]),
      Choice(label: language.tr("Cancel"), actions: [.buttonPressed(.cancel)]),
    ]
    // `YES` is typed as printed, in every language: a word no slip of the keyboard makes.
    prompt.question = language.tr("Enter 'YES' to confirm, or a number (1-2): ")
    prompt.text = { line in
      guard line == "YES" else {
        return .invalid(
          language.tr(
            "Nothing was written. Enter 'YES' (in capitals) to confirm, 1 to go back or 2 to cancel."))
      }
      return prompt.send([.buttonPressed(.confirm)])
    }
    return prompt
  }

  static func success(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let language = state.language
    var body = [heading(state)]
    if let plan = state.success.plan {
      body.append(
        language.tr(
          "The {tier} plan ({term}) is assigned to:",
          [
            "tier": Words.tier(plan.plan.tier, language),
            "term": Words.term(plan.plan.termMonths, language),
          ]))
    }
    for item in state.success.assigned {
      body.append(
        "  "
          + language.tr(
            "{device}: {kind}, {start} to {end}",
            [
              "device": "\(Display.safe(item.device.name)) (\(Display.safe(item.device.serial)))",
              "kind": Words.kind(item.license.kind, language),
              "start": Display.day(item.license.start), "end": Display.day(item.license.end),
            ]))
    }
    var prompt = PlainPrompt(body: body, driver: driver)
    for button in state.buttons {
      switch button {
      case .continue:
        prompt.choices.append(
          Choice(
            label: language.tr("Continue: assign the seats left"),
            actions: [.buttonPressed(.continue)]))
      case .overview:
        prompt.choices.append(
          Choice(
            label: language.tr("Back to the Subscription Overview"),
            actions: [.buttonPressed(.overview)]))
      default: break
      }
    }
    prompt.question = choose(prompt.choices.count, language)
    return prompt
  }
}
