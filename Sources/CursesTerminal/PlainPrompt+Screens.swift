import Foundation
import SubscriptionStore
import Subscriptions
import Wizard

// MARK: - The screens as prompts

extension PlainPrompt {
  static func overview(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    if state.gateway.confirming { return gatewayConfirmation(driver) }
    var body = [heading(state)]
    let plans = state.plansWithSeatsLeft
    body.append(
      plans.isEmpty ? "No activated plan has seats left." : "Activated plans with seats left:")
    body += plans.map { "  - " + planLine($0) }
    let list = state.overview.list
    let visible = Layout.visibleRows(.overview, in: state)
    let shown = shownRows(list, visible: visible)
    if list.count == 0 {
      body.append("No devices in the store.")
    } else if let first = shown.first, let last = shown.last {
      body.append("Devices \(first.index + 1)-\(last.index + 1) of \(list.count):")
      body += shown.map { "  - " + deviceLine($0.row, now: state.now) }
    }
    switch state.gateway.outcome {
    case .added(let count): body.append("Added \(count) device(s) from this gateway.")
    case .refused(let error): body.append("Nothing was added from this gateway: " + Words.text(error))
    case nil: break
    }
    body.append("What next?")
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [Choice(label: "Activate Code", actions: [.activatePressed])]
    let newUnits = state.gateway.newUnits.count
    if newUnits > 0 {
      prompt.choices.append(
        Choice(
          label: "Add the \(newUnits) UPS unit(s) on this gateway that the fleet lacks",
          actions: [.gatewayAddOpened]))
    }
    prompt.choices += pagingChoices(.overview, list, visible: visible)
    prompt.choices.append(Choice(label: "Quit", actions: [.quitPressed]))
    prompt.question = choose(prompt.choices.count)
    prompt.text = { line in
      line.lowercased() == "quit"
        ? prompt.send([.quitPressed])
        : .invalid("Enter a number from 1 to \(prompt.choices.count).")
    }
    return prompt
  }

  /// The units the gateway's upsd serves that the fleet lacks, to add or not.
  static func gatewayConfirmation(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    var body = [heading(state), "Add these UPS units that this gateway's upsd serves to the fleet?"]
    body += state.gateway.newUnits.map {
      "  - \(Display.safe($0.name)) (\(Display.safe($0.serial)))"
        + ($0.model.isEmpty ? "" : ", \(Display.safe($0.model))")
        + ($0.site.isEmpty ? "" : ", at \(Display.safe($0.site))")
    }
    body.append(
      (state.gateway.site.isEmpty ? "All or none, without a site."
        : "All or none, at the site of this gateway's units in the fleet.")
        + " A unit that reports no serial is never added.")
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [
      Choice(label: "Add them", actions: [.gatewayAddConfirmed]),
      Choice(label: "Cancel", actions: [.backPressed]),
    ]
    prompt.question = choose(prompt.choices.count)
    return prompt
  }

  static func activate(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let activate = state.activate
    var body = [heading(state)]
    body.append("Type the activation code from the email (XXXXX-XXXXX-XXXXX-XXXXX), one per line.")
    if !state.demoCodes.isEmpty {
      body.append("Demo codes: " + state.demoCodes.joined(separator: ", "))
    }
    for (index, line) in activate.lines.enumerated() where !line.text.isEmpty {
      var text = "  Code \(index + 1): \(Display.safe(line.text))"
      switch line.lookup {
      case .activated(let plan): text += " - activated: " + planLine(plan)
      case .refused(let message): text += " - refused: " + Words.text(message)
      case nil: break
      }
      body.append(text)
    }
    if let message = activate.message { body.append(Words.text(message)) }
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [
      Choice(label: "Next: look up the codes typed", actions: [.buttonPressed(.next)]),
      Choice(label: "Back", actions: [.buttonPressed(.back)]),
      Choice(label: "Cancel", actions: [.buttonPressed(.cancel)]),
    ]
    let target = codeLineToType(activate)
    var refused = false
    if target < activate.lines.count, case .refused = activate.lines[target].lookup {
      refused = true
    }
    prompt.question =
      refused
      ? "Type code \(target + 1) again, or a number (an empty line leaves it out): "
      : "Type code \(target + 1), or a number (an empty line is Next): "
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
    let line = driver.state.activate.lines[driver.state.activate.focusedLine]
    switch line.feedback {
    case .invalid(let error):
      _ = prompt.send([.codeEdited(line: target, text: "")])
      return .invalid("Not a code: \(error.message) Type it again.")
    case .incomplete(let symbols):
      _ = prompt.send([.codeEdited(line: target, text: "")])
      return .invalid(
        "Only \(symbols) of the \(ActivationCode.length) symbols. Type the whole code again.")
    case .empty, .wellFormed:
      return reply
    }
  }

  static func plans(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    var body = [
      heading(state), "Check that the right plan is shown, then choose the one to assign.",
    ]
    if let message = state.choosePlan.message { body.append(Words.text(message)) }
    var prompt = PlainPrompt(body: body, driver: driver)
    for plan in state.plansWithSeatsLeft {
      let mark = plan.id == state.choosePlan.pointedPlanID ? " (current)" : ""
      prompt.choices.append(
        Choice(label: "Assign: " + planLine(plan) + mark, actions: [.planChosen(id: plan.id)]))
    }
    prompt.choices += [
      Choice(label: "Back", actions: [.buttonPressed(.back)]),
      Choice(label: "Cancel", actions: [.buttonPressed(.cancel)]),
    ]
    prompt.question = choose(prompt.choices.count)
    return prompt
  }

}

extension PlainPrompt {
  static func assign(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    let assign = state.assign
    var body = [heading(state)]
    guard let plan = assign.plan else { return PlainPrompt(body: body, driver: driver) }
    body.append("Plan: " + planLine(plan))
    body.append(
      "Choose up to \(Display.seats(plan.seatsLeft)): a device's number selects or unselects it "
        + "(several at once: \"1 3\"). Selected: \(assign.selected.count).")
    if let message = assign.message { body.append(Words.text(message)) }
    let list = assign.list
    let visible = Layout.visibleRows(.assign, in: state)
    var prompt = PlainPrompt(body: body, driver: driver)
    for (_, row) in shownRows(list, visible: visible) {
      let projection = StartRule.project(
        licenses: row.licenses, now: state.now, tier: plan.plan.tier,
        termMonths: plan.plan.termMonths)
      let mark = assign.isSelected(row.device.serial) ? "[x]" : "[ ]"
      let here = state.gateway.serves(row.device.serial) ? " (on this gateway)" : ""
      prompt.choices.append(
        Choice(
          label: "\(mark) \(deviceLine(row, now: state.now))\(here); would be "
            + "\(projection.kind.title.lowercased()), starting \(Display.day(projection.start))",
          actions: [.deviceToggled(serial: row.device.serial)]))
    }
    if list.count == 0 {
      body.append(
        assign.onGateway ? "None of this gateway's UPS units is in the fleet yet."
          : "No devices in the store.")
    }
    let toggles = prompt.choices.count
    prompt.choices += pagingChoices(.assign, list, visible: visible)
    if state.gateway.hasUnits {
      prompt.choices.append(
        Choice(
          label: assign.onGateway
            ? "Show all devices" : "Show only the devices on this gateway (upsd)",
          actions: [.gatewayFilterToggled]))
    }
    prompt.choices += [
      Choice(label: "Next: check the dates", actions: [.buttonPressed(.next)]),
      Choice(label: "Back", actions: [.buttonPressed(.back)]),
      Choice(label: "Cancel", actions: [.buttonPressed(.cancel)]),
    ]
    prompt.body = body
    prompt.question = choose(prompt.choices.count)
    // Several device numbers at once, applied in order (each from where the pointer is then).
    prompt.text = { line in
      let numbers = line.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Int($0) }
      guard numbers.count > 1, numbers.allSatisfy({ (1...toggles).contains($0) }) else {
        return .invalid(
          "Enter one number from 1 to \(prompt.choices.count), or device numbers "
            + "from 1 to \(toggles) separated by spaces.")
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
    var body = [heading(state)]
    if let plan = state.assign.plan { body.append("Plan: " + planLine(plan)) }
    if confirm.datesChanged {
      body.append(
        "The start dates changed since they were shown (another assignment was "
          + "made). Nothing was written; check the new dates:")
    }
    for row in confirm.rows {
      var line =
        "  \(Display.safe(row.device.name)) (\(Display.safe(row.device.serial))): "
        + "\(row.projection.kind.title), \(Display.day(row.projection.start)) to "
        + "\(Display.day(row.projection.end))"
      if row.changed { line += " (changed)" }
      body.append(line)
      if let under = row.underneath {
        body.append(
          "    Its \(under.tier.title) license keeps running underneath until "
            + "\(Display.day(under.end)).")
      }
    }
    if let error = confirm.error { body.append("Refused: \(Words.text(error))") }
    body.append("Once you have assigned a plan to a device, you cannot change it.")
    var prompt = PlainPrompt(body: body, driver: driver)
    prompt.choices = [
      Choice(label: "Back", actions: [.buttonPressed(.back)]),
      Choice(label: "Cancel", actions: [.buttonPressed(.cancel)]),
    ]
    prompt.question = "Enter 'YES' to confirm, or a number (1-2): "
    prompt.text = { line in
      guard line == "YES" else {
        return .invalid(
          "Nothing was written. Enter 'YES' (in capitals) to confirm, 1 to go "
            + "back or 2 to cancel.")
      }
      return prompt.send([.buttonPressed(.confirm)])
    }
    return prompt
  }

  static func success(_ driver: WizardDriver) -> PlainPrompt {
    let state = driver.state
    var body = [heading(state)]
    if let plan = state.success.plan {
      body.append(
        "The \(plan.plan.tier.title) plan (\(Display.term(plan.plan.termMonths))) "
          + "is assigned to:")
    }
    for item in state.success.assigned {
      body.append(
        "  \(Display.safe(item.device.name)) (\(Display.safe(item.device.serial))): "
          + "\(item.license.kind.title), \(Display.day(item.license.start)) to "
          + "\(Display.day(item.license.end))")
    }
    var prompt = PlainPrompt(body: body, driver: driver)
    for button in state.buttons {
      switch button {
      case .continue:
        prompt.choices.append(
          Choice(
            label: "Continue: assign the seats left", actions: [.buttonPressed(.continue)]))
      case .overview:
        prompt.choices.append(
          Choice(
            label: "Back to the Subscription Overview", actions: [.buttonPressed(.overview)]))
      default: break
      }
    }
    prompt.question = choose(prompt.choices.count)
    return prompt
  }
}
