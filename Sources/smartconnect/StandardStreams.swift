import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the commands write to standard output and standard error.
///
/// SwiftNIO (linked for PostgreSQL and NUT) ignores SIGPIPE for the whole process, so a
/// reader that goes away (`smartconnect overview | head -1`) turns the next write into EPIPE,
/// and Foundation's `FileHandle.write(_:)` stopped the program there with a stack trace.
/// Here a reader gone away ends the process as SIGPIPE would have: quietly, status 141.
enum StandardStreams {
  /// Writes `text` to standard output; another failure (a full disk under `> file`) is
  /// thrown, for the command to report.
  static func out(_ text: String) throws {
    do {
      try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    } catch where isBrokenPipe(error) {
      Interruption.endByDefaultAction(SIGPIPE)
    }
  }

  /// Writes `text` to standard error, if it is still there (after a hang-up it may not be).
  static func err(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
  }

  private static func isBrokenPipe(_ error: any Error) -> Bool {
    let error = error as NSError
    if error.domain == NSPOSIXErrorDomain { return error.code == Int(EPIPE) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
      return underlying.domain == NSPOSIXErrorDomain && underlying.code == Int(EPIPE)
    }
    return false
  }
}
