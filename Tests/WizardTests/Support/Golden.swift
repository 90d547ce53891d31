import Foundation
import Testing
import Wizard

/// Compares a rendered screen with its reference in `screens/`: the text (`NN-name.txt`) and,
/// beside it, each cell's role (`NN-name.style.txt`, one letter per cell, see `StyleMap`);
/// and checks that the screen is legible on light and dark terminals (`Legibility`). With
/// `SMARTCONNECT_UPDATE_SCREENS=1` in the environment it rewrites the references instead.
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
    compare(buffer.text, name, sourceLocation: sourceLocation)
    compare(StyleMap.of(buffer), StyleMap.fileName(for: name), sourceLocation: sourceLocation)
    let legibility = Legibility(buffer)
    print(legibility.summary(name))
    for problem in legibility.problems {
      Issue.record("Screen \(name): \(problem)", sourceLocation: sourceLocation)
    }
  }

  static func compare(_ actual: String, _ name: String, sourceLocation: SourceLocation) {
    let file = screens.appendingPathComponent(name)
    if updating {
      try? FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
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

/// A screen's cell roles as text, one letter per cell, row by row, so that a golden keeps
/// what each character means (and so how it is emphasised), not only the character:
///
///     .  normal     T  title      B  border     H  header     F  focused    P  pointer
///     S  selected   D  dim        E  expiring   W  warning    R  error      K  hint (keys)
enum StyleMap {
  static func letter(_ role: CellRole) -> Character {
    switch role {
    case .normal: "."
    case .title: "T"
    case .border: "B"
    case .header: "H"
    case .focused: "F"
    case .pointer: "P"
    case .selected: "S"
    case .dim: "D"
    case .expiring: "E"
    case .warning: "W"
    case .error: "R"
    case .hint: "K"
    }
  }

  static func of(_ buffer: ScreenBuffer) -> String {
    (0..<buffer.size.height).map { row in
      String((0..<buffer.size.width).map { letter(buffer[row, $0].role) })
    }.joined(separator: "\n") + "\n"
  }

  /// `00-overview.txt` → `00-overview.style.txt`.
  static func fileName(for name: String) -> String {
    name.hasSuffix(".txt") ? String(name.dropLast(4)) + ".style.txt" : name + ".style"
  }
}
