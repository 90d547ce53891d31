import Localization
import Wizard

extension Words {
  /// Why the screen could not start or record, and what to do instead.
  public static func text(_ error: TerminalError, _ language: Language = .english) -> String {
    switch error {
    case .cannotStart(let term):
      language.tr(
        "Cannot start the screen on this terminal (TERM={term}). Set TERM to your terminal's type (for example xterm-256color), or use --plain for line-by-line prompts.",
        ["term": Display.safe(term)])
    case .cannotWatchSignals(let reason):
      language.tr(
        "Cannot set up signal handling ({reason}). Use --plain, or the non-interactive commands.",
        ["reason": Display.safe(reason)])
    case .cannotRecord(let path, let reason):
      language.tr(
        "Cannot write the recording {file} ({reason}). Choose a file in a folder you can write to.",
        ["file": Display.safe(path), "reason": Display.safe(reason)])
    }
  }
}
