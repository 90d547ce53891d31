import Foundation

/// One row of the append-only audit trail: who did what, from where, and when.
public struct AuditEntry: Sendable, Hashable {
  public var at: Date
  public var operatorName: String
  public var host: String
  /// `device.add`, `code.issue`, `code.activate` or `license.assign`.
  public var action: String
  /// The masked code, never the code itself.
  public var maskedCode: String?
  public var device: String?
  public var detail: String

  public init(
    at: Date, operatorName: String, host: String, action: String,
    maskedCode: String?, device: String?, detail: String
  ) {
    self.at = at
    self.operatorName = operatorName
    self.host = host
    self.action = action
    self.maskedCode = maskedCode
    self.device = device
    self.detail = detail
  }
}
