import CTerminalRescue
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a secret (an activation code) from standard input: from a pipe as is, and from a
/// terminal with a prompt on stderr and echo off, so the code is not left on the screen.
enum SecretInput {
  static func readLine(prompt: String) -> String? {
    guard isatty(STDIN_FILENO) == 1 else { return Swift.readLine(strippingNewline: true) }
    StandardStreams.err(prompt)
    var saved = termios()
    let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
    if canHide {
      // Ctrl-C (or a hang-up) at the prompt must not leave the technician's shell without
      // echo: the handlers put the saved modes back before the signal ends the process.
      _ = sc_rescue_save_modes(STDIN_FILENO)
      _ = sc_rescue_restore_modes_on_termination()
      var hidden = saved
      hidden.c_lflag &= ~tcflag_t(ECHO)
      _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden)
    }
    defer {
      if canHide {
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
        sc_rescue_release_termination()
      }
      StandardStreams.err("\n")
    }
    return Swift.readLine(strippingNewline: true)
  }
}
