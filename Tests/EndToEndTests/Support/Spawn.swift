import Foundation

/// Runs a short-lived helper program (tmux, tput) with posix_spawn and waitpid.
///
/// Not `Foundation.Process`: on Linux it reports a `tmux new-session -d` client as running
/// until the tmux server it started exits (measured: `waitUntilExit` returned after the
/// pane's `sleep 30`, while the client itself had exited in 15 ms).
enum Spawn {
  /// bash: close every inherited descriptor beyond 0-2, then exec the program ($0) as given.
  static let closeInherited =
    #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#
  struct Output: Sendable {
    var status: Int32
    var stdout: String
  }

  /// Runs `executable arguments…` to completion, stdin from /dev/null, stdout captured,
  /// stderr to stdout; the child starts with no signals blocked or ignored.
  static func run(_ executable: String, _ arguments: [String]) throws -> Output {
    let capture = FileManager.default.temporaryDirectory
      .appendingPathComponent("smartconnect-spawn-\(UUID().uuidString)").path
    defer { unlink(capture) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    // Through bash, which first closes every descriptor beyond 0-2 it inherited: a tmux
    // server started here must not keep a socket that Foundation's Process watches for
    // another test's child (that test's waitUntilExit would then wait for ever; full runs
    // hung so).
    let argv = (["/bin/bash", "-c", Self.closeInherited, executable] + arguments).map { strdup($0) }
      + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    // Without TMUX/TMUX_PANE: run from inside a tmux session, the test's own tmux server
    // must not be taken for a nested session.
    let environment = ProcessInfo.processInfo.environment.filter {
      $0.key != "TMUX" && $0.key != "TMUX_PANE"
    }
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in envp { free(pointer) } }
    let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      throw TmuxPane.Failure(
        description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
    // WIFEXITED / WEXITSTATUS are macros: decode the wait status by hand.
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Output(status: exitStatus, stdout: text)
  }
}
