import SubscriptionStore
import Subscriptions
import UPSDiscovery

/// What the command line says: a refusal, a usage problem or a result, as a value with its
/// data. Only `CommandWords` turns one into a sentence, in the technician's language.
enum CommandMessage: Equatable, Sendable {
  // MARK: Usage (exit 64)
  case badInstant(option: String, TimestampError)
  case emptyOperator
  case operatorControlCharacter
  case store(StoreSpecError)
  case unreadableOptionFile(option: String, path: String)
  case optionFileIsFolder(option: String, path: String)
  case badDevice(DeviceProblem)
  case countOutOfRange
  case termOutOfRange
  case seatsOutOfRange
  case noFile(path: String)
  case csvIsFolder(path: String)
  case speedOutOfRange
  case plainWithRecording
  case demoWithStore
  /// `--nut` names no upsd.
  case badNUTServer(NUTEndpoint.EndpointError)
  case nutTimeoutOutOfRange
  case siteWithoutAdd
  case badNUTUser
  /// The wizard given both `--nut` and `--no-nut`.
  case nutAndNoNUT
  /// `SMARTCONNECT_NUT` names no upsd (and is not `off`).
  case badNUTEnvironment(NUTEndpoint.EndpointError)
  // MARK: Refusals (exit 1)
  case cannotRead(path: String, reason: String)
  case notUTF8(path: String)
  case noSerialsListed(path: String)
  case badCode(CodeError)
  case badCodeInput(echoed: String, CodeError)
  case noCodeOnStandardInput
  case csv(path: String, DeviceCSVError)
  case serialInStoreAlready(path: String, line: Int, serial: String)
  case noTerminal
  case recordingNeedsFullScreen(term: String)
  case cannotReadScript(path: String, reason: String)
  /// upsd could not be asked; `adding` says nothing was added.
  case upsdFailed(NUTError, adding: Bool)
  case addFailed(StoreError)
  case noNUTPassword(user: String)
  case storeInitNeedsPostgres
  case noTechnicianPassword
  case passwordsDiffer
  // MARK: Results
  case added(serial: String, name: String)
  case imported(count: Int)
  case codePrompt
  case nutPasswordPrompt(user: String)
  case rolePasswordPrompt(role: String)
  case againPrompt
  case schemaUpToDate(store: String)
  case technicianRoleReady(store: String, role: String)
}

/// A command refused its input: printed (in words) on standard error, exit status 1
/// (DESIGN §4: 1 refused, with the reason on stderr).
struct Refusal: Error, Equatable {
  var message: CommandMessage

  init(_ message: CommandMessage) {
    self.message = message
  }
}
