import ChildProcess
import Foundation

/// Runs a short-lived helper program (tmux, tput) to its end, stdin from /dev/null, stdout
/// captured, stderr to stdout.
///
/// Through ChildProcess (posix_spawn and waitpid), not `Foundation.Process`: on Linux that
/// reported a `tmux new-session -d` client as running until the tmux server it started
/// exited (measured: `waitUntilExit` returned after the pane's `sleep 30`, while the client
/// itself had exited in 15 ms), and a tmux server started here must not keep any descriptor
/// of the test process (ChildProcess closes them all beyond 0-2).
enum Spawn {
  struct Output: Sendable {
    var status: Int32
    var stdout: String
  }

  static func run(_ executable: String, _ arguments: [String]) throws -> Output {
    // Without TMUX/TMUX_PANE: run from inside a tmux session, the test's own tmux server
    // must not be taken for a nested session.
    let environment = ProcessInfo.processInfo.environment.filter {
      $0.key != "TMUX" && $0.key != "TMUX_PANE"
    }
    do {
      let result = try ChildProcess.run([executable] + arguments, environment: environment)
      let ending = result.ending
      return Output(status: ending.signalled ? 128 + ending.status : ending.status, stdout: result.stdout)
    } catch let failure as ChildProcess.Failure {
      throw TmuxPane.Failure(description: failure.description)
    }
  }
}
