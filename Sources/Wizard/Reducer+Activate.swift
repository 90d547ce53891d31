import Foundation
import SubscriptionStore
import Subscriptions

// MARK: - Activate Code

extension Reducer {
  /// Long enough for a code typed with spaces between the groups, short enough for one line.
  static let maxCodeLength = 32

  /// Code line `line` becomes `text`: only printable ASCII can be part of a code (anything
  /// else is dropped, and the live check names symbols outside the alphabet), at most
  /// `maxCodeLength`. One past the last line opens a new line.
  static func editCode(line: Int, text: String, _ state: inout State) {
    guard state.screen == .activateCode, line >= 0, line <= state.activate.lines.count
    else { return }
    let clean = String(
      text.filter { $0.asciiValue.map { $0 >= 0x20 && $0 < 0x7F } ?? false }
        .prefix(maxCodeLength))
    if line == state.activate.lines.count {
      state.activate.lines.append(CodeLine())
    } else if state.activate.lines[line].text == clean {
      return
    }
    state.activate.focus = .content
    state.activate.focusedLine = line
    state.activate.lines[line].text = clean
    state.activate.lines[line].lookup = nil
    state.activate.message = nil
  }

  /// ↓ from a filled last line opens a line for another code; ↑ ↓ otherwise move between lines.
  static func moveCodeLine(_ move: Move, _ state: inout State) {
    guard state.activate.focus == .content else { return }
    let lines = state.activate.lines
    var index = state.activate.focusedLine
    switch move {
    case .down:
      if index == lines.count - 1 {
        guard !lines[index].text.isEmpty else { return }
        state.activate.lines.append(CodeLine())
      }
      index += 1
    case .up: index -= 1
    case .pageUp, .home: index = 0
    case .pageDown, .end: index = lines.count - 1
    }
    state.activate.focusedLine = max(0, min(index, state.activate.lines.count - 1))
  }

  /// Next: check every filled line's format here, then ask the store about the new ones.
  /// With no code typed, plans already activated can still be assigned.
  static func submitCodes(_ state: inout State) -> [Effect] {
    let filled = state.activate.lines.indices.filter { !state.activate.lines[$0].isBlank }
    guard !filled.isEmpty else {
      if state.plansWithSeatsLeft.isEmpty {
        state.activate.message = .badCode(.empty)
        state.activate.focus = .content
        return []
      }
      return showPlans(pointing: nil, &state)
    }
    var effects: [Effect] = []
    for index in filled {
      let line = state.activate.lines[index]
      if case .activated = line.lookup { continue }
      do {
        effects.append(.activate(line: index, code: try ActivationCode(parsing: line.text)))
      } catch {
        state.activate.lines[index].lookup = .refused(.badCode(error))
      }
    }
    // Well-formed lines are looked up even when another line has a typo, so every problem
    // shows at once; the screen stays while any line is refused.
    if effects.isEmpty { return activationFinished(&state) }
    _ = focusFirstRefusedLine(&state)
    return effects
  }

  static func codeActivated(line: Int, _ plan: ActivatedPlan, _ state: inout State)
    -> [Effect]
  {
    guard state.activate.lines.indices.contains(line) else { return [] }
    if plan.seatsLeft == 0 {
      let error = StoreError.notEnoughSeats(
        masked: plan.maskedCode, requested: 1, seatsLeft: 0, assignedTo: plan.assignedDevices,
        assignedCount: plan.seatsUsed)
      state.activate.lines[line].lookup = .refused(.store(error))
    } else {
      state.activate.lines[line].lookup = .activated(plan)
    }
    // Known at once, so Your activated plans shows it before the store is read again.
    state.plans.removeAll { $0.id == plan.id }
    state.plans.insert(plan, at: 0)
    return activationFinished(&state)
  }

  static func codeRefused(line: Int, _ error: StoreError, _ state: inout State) -> [Effect] {
    guard state.activate.lines.indices.contains(line) else { return [] }
    state.activate.lines[line].lookup = .refused(.store(error))
    return activationFinished(&state)
  }

  /// Once every filled line has an answer: stay on a refusal, else show the plans with the
  /// last activated one pointed at.
  static func activationFinished(_ state: inout State) -> [Effect] {
    var last: ActivatedPlan?
    for line in state.activate.lines where !line.isBlank {
      switch line.lookup {
      case nil: return []
      case .refused: break
      case .activated(let plan): last = plan
      }
    }
    if focusFirstRefusedLine(&state) { return [] }
    return showPlans(pointing: last?.id, &state)
  }

  static func focusFirstRefusedLine(_ state: inout State) -> Bool {
    let refused = state.activate.lines.firstIndex {
      if case .refused = $0.lookup { return true }
      return false
    }
    guard let refused else { return false }
    state.activate.focusedLine = refused
    state.activate.focus = .content
    return true
  }

  static func showPlans(pointing planID: Int64?, _ state: inout State) -> [Effect] {
    state.screen = .activatedPlans
    state.choosePlan.focus = .content
    state.choosePlan.message = nil
    if let planID { state.choosePlan.pointedPlanID = planID }
    pointAtAvailablePlan(&state)
    return [.loadPlans]
  }
}
