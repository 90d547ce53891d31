import Foundation
import SubscriptionStore
import Subscriptions

/// The store a wizard session runs on, and for `--demo` the temporary folder to delete.
struct WizardStore {
  var store: any SubscriptionStoring
  /// Codes to show as a hint on Activate Code (`--demo` only).
  var demoCodes: [String]
  var temporaryFolder: URL?

  /// A fresh store in a new 0700 temporary folder, seeded with the demo fleet at `now`.
  static func demo(now: Date) throws -> WizardStore {
    var template = Array(
      (FileManager.default.temporaryDirectory.path + "/smartconnect-demo-XXXXXX").utf8CString)
    // mkdtemp creates the folder with mode 0700: the demo store is nobody else's to read.
    guard let created = mkdtemp(&template) else {
      throw StoreError.cannotOpen(
        path: String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self),
        reason: "cannot create a temporary folder (\(String(cString: strerror(errno)))); "
          + "set TMPDIR to a writable folder")
    }
    let folder = URL(fileURLWithPath: String(cString: created))
    do {
      let store = try SQLiteStore(path: folder.appendingPathComponent("demo.sqlite").path)
      let fleet = try DemoFleet.seed(into: store, now: now)
      return WizardStore(store: store, demoCodes: fleet.demoCodes, temporaryFolder: folder)
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }

  /// Deletes the demo store; the user's store is left as it is.
  func close() {
    if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
  }
}
