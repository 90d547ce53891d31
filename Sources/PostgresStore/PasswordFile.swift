import Foundation
import SubscriptionStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// libpq's password file (`PGPASSFILE`, else `~/.pgpass`), read by libpq's rules.
///
/// Hand-written because no package in reach reads it, and its rules are short: one
/// `host:port:database:user:password` a line; a field that is exactly `*` matches anything;
/// `\:` and `\\` stand for `:` and `\`; lines starting with `#` are comments; the first
/// matching line wins. A file that group or others may read or write, or that is not a plain
/// file, is ignored with a warning, as libpq does.
enum PasswordFile {
  /// Debian's libpq default socket folder, which `localhost` in the file also matches.
  static let defaultSocketFolder = "/var/run/postgresql"

  /// The password for `location` (whose own password is unset), and the warnings to show.
  static func lookup(location: PostgresLocation, surroundings: PostgresLocation.Surroundings)
    -> (password: String?, path: String?, warnings: [PasswordFileWarning])
  {
    let path: String
    if let given = surroundings.variable("PGPASSFILE") {
      path = given
    } else if let home = surroundings.home {
      path = home + "/.pgpass"
    } else {
      return (nil, nil, [])
    }
    var info = stat()
    guard stat(path, &info) == 0 else { return (nil, nil, []) }
    if (info.st_mode & S_IFMT) != S_IFREG {
      return (nil, nil, [.notAPlainFile(path: path)])
    }
    if (info.st_mode & (S_IRWXG | S_IRWXO)) != 0 {
      return (nil, nil, [.groupOrWorldAccess(path: path)])
    }
    guard let data = FileManager.default.contents(atPath: path) else { return (nil, nil, []) }
    var host = location.host
    if host.isEmpty || host == defaultSocketFolder { host = "localhost" }
    let password = self.password(
      in: Array(data), host: host, port: String(location.port), database: location.database,
      user: location.user)
    return (password, path, [])
  }

  /// The password of the first line of `contents` that matches, de-escaped.
  static func password(
    in contents: [UInt8], host: String, port: String, database: String, user: String
  ) -> String? {
    let tokens = [host, port, database, user].map { Array($0.utf8) }
    for rawLine in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
      var line = Array(rawLine)
      if line.last == UInt8(ascii: "\r") { line.removeLast() }
      if line.isEmpty || line[0] == UInt8(ascii: "#") { continue }
      var rest = line[...]
      var matched = true
      for token in tokens {
        guard let after = matches(rest, token) else {
          matched = false
          break
        }
        rest = after
      }
      if matched { return deEscaped(rest) }
    }
    return nil
  }

  /// libpq's `pwdfMatchesString`: whether the field at the start of `field` matches `token`;
  /// if so, what follows the field's `:`.
  static func matches(_ field: ArraySlice<UInt8>, _ token: [UInt8]) -> ArraySlice<UInt8>? {
    let colon = UInt8(ascii: ":")
    let backslash = UInt8(ascii: "\\")
    var index = field.startIndex
    if field.count >= 2 && field[index] == UInt8(ascii: "*") && field[index + 1] == colon {
      return field[(index + 2)...]
    }
    var tokenIndex = 0
    while index < field.endIndex {
      var escaped = false
      if field[index] == backslash {
        index += 1
        escaped = true
        guard index < field.endIndex else { return nil }
      }
      if field[index] == colon && !escaped && tokenIndex == token.count {
        return field[(index + 1)...]
      }
      guard tokenIndex < token.count, field[index] == token[tokenIndex] else { return nil }
      index += 1
      tokenIndex += 1
    }
    return nil
  }

  /// The password field: up to the first unescaped `:`, with `\x` read as `x`.
  static func deEscaped(_ field: ArraySlice<UInt8>) -> String {
    var out: [UInt8] = []
    var index = field.startIndex
    while index < field.endIndex && field[index] != UInt8(ascii: ":") {
      if field[index] == UInt8(ascii: "\\") && index + 1 < field.endIndex { index += 1 }
      out.append(field[index])
      index += 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}
