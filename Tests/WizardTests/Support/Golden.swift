import Foundation
import Testing
import Wizard

/// Compares a rendered screen with its reference in `screens/`; with
/// `SMARTCONNECT_UPDATE_SCREENS=1` in the environment it rewrites the reference instead.
enum Golden {
  static let screens = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("screens")

  static var updating: Bool {
    ProcessInfo.processInfo.environment["SMARTCONNECT_UPDATE_SCREENS"] == "1"
  }

  static func check(
    _ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let file = screens.appendingPathComponent(name)
    let actual = buffer.text
    if updating {
      try? FileManager.default.createDirectory(at: screens, withIntermediateDirectories: true)
      do {
        try actual.write(to: file, atomically: true, encoding: .utf8)
      } catch {
        Issue.record("Cannot write \(file.path): \(error)", sourceLocation: sourceLocation)
      }
      return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
      Issue.record(
        "No reference screen \(name); run with SMARTCONNECT_UPDATE_SCREENS=1 to write it.",
        sourceLocation: sourceLocation)
      return
    }
    if actual != expected {
      Issue.record(
        "Screen \(name) differs from screens/\(name):\n\(diff(expected, actual))",
        sourceLocation: sourceLocation)
    }
  }

  /// The differing lines, numbered, expected above actual.
  static func diff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for index in 0..<max(a.count, b.count) {
      let left = index < a.count ? String(a[index]) : "<none>"
      let right = index < b.count ? String(b[index]) : "<none>"
      if left != right { out.append("row \(index): expected |\(left)|\n        actual   |\(right)|") }
    }
    return out.joined(separator: "\n")
  }
}
