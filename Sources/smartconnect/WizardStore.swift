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
  static func demo(now: Date) async throws(StoreError) -> WizardStore {
    let demo = try await StoreOpener.openDemo(now: now)
    return WizardStore(store: demo.store, demoCodes: demo.demoCodes, temporaryFolder: demo.folder)
  }

  /// Deletes the demo store; the user's store is left as it is.
  func close() {
    if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
  }
}
