import CNCurses
import Foundation

/// The locale the terminal is drawn in: UTF-8 or ASCII.
///
/// A minimal gateway image often has only `C.UTF-8` generated while SSH passes on the
/// client's `LANG=en_US.UTF-8`: `setlocale(LC_ALL, "")` then fails and the C library stays in
/// ASCII although the terminal is UTF-8. The locale's *name* says what the terminal speaks,
/// so a name that says UTF-8 gets `C.UTF-8` for the character type (the language comes from
/// the name too, not from the C library: see `Language`). Only a locale that really is not
/// UTF-8 (`LANG=C`, `fr_FR.ISO-8859-1`) is drawn in ASCII.
public enum TerminalLocale {
  /// Sets the C library's locale from the environment; returns whether text is drawn in
  /// UTF-8. Call before curses starts and before anything asks `wcwidth`.
  @discardableResult
  public static func adopt(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Bool {
    _ = setlocale(LC_ALL, "")
    if cn_locale_is_utf8() != 0 { return true }
    guard namesUTF8(characterTypeName(environment)) else { return false }
    for fallback in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, fallback) != nil
    {
      if cn_locale_is_utf8() != 0 { return true }
    }
    return false
  }

  /// The name that decides the character type, in POSIX order: `LC_ALL`, else `LC_CTYPE`,
  /// else `LANG` (empty values do not count); `C` when none is set.
  public static func characterTypeName(_ environment: [String: String]) -> String {
    for variable in ["LC_ALL", "LC_CTYPE", "LANG"] {
      if let value = environment[variable], !value.isEmpty { return value }
    }
    return "C"
  }

  /// Whether a locale name says UTF-8: `fr_FR.UTF-8`, `ja_JP.utf8`, `UTF-8`,
  /// `de_DE.UTF-8@euro`.
  public static func namesUTF8(_ name: String) -> Bool {
    var codeset = Substring(name)
    if let dot = codeset.firstIndex(of: ".") { codeset = codeset[codeset.index(after: dot)...] }
    if let at = codeset.firstIndex(of: "@") { codeset = codeset[..<at] }
    let folded = codeset.lowercased()
    return folded == "utf-8" || folded == "utf8"
  }
}
