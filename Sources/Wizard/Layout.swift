/// Where things go on screen, as pure functions of the state and the size. The reducer asks
/// it how many rows a list shows (to page and to load just that window); the renderer asks
/// it where to draw. Keeping both on one set of numbers keeps them in step.
public enum Layout {
  /// The title bar (row 0) and the key help (last row) frame every screen.
  static let chromeRows = 2

  // MARK: - Overview

  /// Rows of activated plans the Overview lists before saying "+ N more".
  static func overviewPlanCapacity(_ size: Size) -> Int { max(2, size.height / 8) }

  /// Rows the Overview's plan section takes: heading, then a column header and the plans
  /// (or one line saying there are none), then a blank line.
  static func overviewPlanSectionRows(planCount: Int, size: Size) -> Int {
    planCount == 0 ? 3 : 3 + min(planCount, overviewPlanCapacity(size))
  }

  /// The first row of the Overview's device section (its heading).
  static func overviewDeviceSectionRow(planCount: Int, size: Size) -> Int {
    1 + overviewPlanSectionRows(planCount: planCount, size: size)
  }

  /// Device rows on the Overview: what is left after the plans, the device heading and
  /// column header, the legend line, the gateway's line when it shows, and the frame.
  static func overviewListRows(planCount: Int, size: Size, gatewayLine: Bool = false) -> Int {
    let used = chromeRows + overviewPlanSectionRows(planCount: planCount, size: size) + 3
      + (gatewayLine ? 1 : 0)
    return max(1, size.height - used)
  }

  // MARK: - Dialogs

  /// The dialog box spans rows 1 … height-2; its content starts on row 2 and the buttons sit
  /// on its last inner row, under a blank one.
  static func dialogContentRows(_ size: Size) -> Int { max(1, size.height - 6) }
  static func buttonRow(_ size: Size) -> Int { size.height - 3 }

  /// Device rows on Assign: content minus the plan line, the filter line, the column
  /// header and the message line.
  static func assignListRows(_ size: Size) -> Int { max(1, dialogContentRows(size) - 4) }

  /// Plan rows on Your activated plans: content minus the intro, a blank, the column
  /// header and the message line.
  static func planListRows(_ size: Size) -> Int { max(1, dialogContentRows(size) - 4) }

  /// Rows of the device list `list` in `state`.
  public static func visibleRows(_ list: ListID, in state: State) -> Int {
    switch list {
    case .overview:
      overviewListRows(
        planCount: state.plansWithSeatsLeft.count, size: state.size,
        gatewayLine: state.gateway.showsLine)
    case .assign:
      assignListRows(state.size)
    }
  }
}
