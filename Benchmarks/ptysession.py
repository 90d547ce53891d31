"""One program run in a real pseudo-terminal, measured the way a person at 80x24 feels it.

Every program (smartconnect, dialog, whiptail) is measured by this same code, so the figures
are comparable:

* **First full frame.** The clock starts just before the program is spawned. The frame is complete at the
  last byte written before the output has been quiet for `quiet` seconds *and* the output so
  far contains the program's marker (text drawn on that screen only, so a program that draws
  a splash or a partial frame and then pauses is not credited early). The time reported is
  that last byte's arrival, not the end of the quiet period; the bytes reported are every
  byte the program wrote up to it (terminal set-up sequences included).
* **Bytes per key.** After a key is written to the pty, every byte the program writes until
  the output has been quiet for `key_quiet` seconds (or, for a key that changes nothing,
  `key_quiet` with nothing at all) counts for that key.
* **Peak memory.** `ru_maxrss` of the child from `wait4` after it exits (kernel-tracked peak
  resident set, so nothing between samples is missed), cross-checked with `VmHWM` from
  `/proc/<pid>/status` read just before it is asked to quit.
"""

from __future__ import annotations

import fcntl
import os
import resource
import select
import signal
import struct
import termios
import time


class PtySession:
  """A child process on the slave side of a fresh pty of `rows` x `cols`."""

  def __init__(self, argv: list[str], env: dict[str, str], rows: int = 24, cols: int = 80,
               stack_bytes: int | None = None):
    self.argv = argv
    self.output = bytearray()
    # (monotonic time, running byte count) after each read, so any span can be measured.
    self.chunks: list[tuple[float, int]] = []
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    # posix_spawn (vfork), not fork: a fork copies the page tables of this process, which
    # holds the whole fleet (hundreds of MB at a million devices), and the child then pays
    # for tearing them down at exec; that cost was charged to the program measured (about
    # 15 ms of wall time and 8 ms of its CPU to the first frame with a 300 MB parent).
    # setsid, then opening the pty's slave as fd 0, makes it the controlling terminal.
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.ttyname(slave), os.O_RDWR, 0),
               (os.POSIX_SPAWN_DUP2, 0, 1), (os.POSIX_SPAWN_DUP2, 0, 2)]
    limit = resource.getrlimit(resource.RLIMIT_STACK)
    if stack_bytes:
      # Linux sizes ARG_MAX from the stack limit; a 100 000-item checklist needs more than
      # the default 2 MB of arguments. The child inherits the limit from this process.
      resource.setrlimit(resource.RLIMIT_STACK, (stack_bytes, limit[1]))
    self.started = time.monotonic()
    try:
      pid = os.posix_spawnp(argv[0], argv, env, file_actions=actions, setsid=True)
    finally:
      if stack_bytes:
        resource.setrlimit(resource.RLIMIT_STACK, limit)
      os.close(slave)
    fd = master
    self.pid = pid
    self.fd = fd
    self.exit_status: int | None = None
    self.maxrss_kb: int | None = None

  # MARK: - reading

  def _read_available(self, timeout: float) -> bool:
    ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
    if not ready:
      return False
    try:
      data = os.read(self.fd, 1 << 16)
    except OSError:  # EIO: the child closed the pty
      data = b""
    if not data:
      raise EOFError(f"{self.argv[0]} closed the terminal")
    self.output += data
    self.chunks.append((time.monotonic(), len(self.output)))
    return True

  def wait_quiet(self, quiet: float, marker: bytes | None = None, since: int = 0,
                 deadline: float = 30.0, need_output: bool = True) -> tuple[float, int]:
    """Reads until `marker` has appeared after byte `since` and then nothing for `quiet` s.

    Returns (time of the last byte, byte count at it). With `need_output` false, a program
    that writes nothing at all for `quiet` seconds returns (now, since)."""
    began = time.monotonic()
    limit = began + deadline
    last_time = self.chunks[-1][0] if self.chunks and len(self.output) > since else None
    while True:
      now = time.monotonic()
      if now > limit:
        tail = bytes(self.output[-300:])
        raise TimeoutError(
          f"{self.argv[0]}: no quiet frame{' with ' + repr(marker) if marker else ''} "
          f"within {deadline}s; last output: {tail!r}")
      seen = marker is None or marker in self.output[since:]
      if seen and (last_time is not None or not need_output):
        remaining = (last_time if last_time is not None else began) + quiet - now
        if remaining <= 0:
          return (last_time if last_time is not None else now), len(self.output)
        if self._read_available(remaining):
          last_time = self.chunks[-1][0]
      elif self._read_available(min(0.05, limit - now)):
        last_time = self.chunks[-1][0]

  # MARK: - keys

  def send(self, data: bytes) -> None:
    os.write(self.fd, data)

  def _press(self, data: bytes, quiet: float) -> tuple[int, float, float, int]:
    """Sends one key and waits for quiet: (bytes before it, when it was sent, time of the
    last byte, byte count at it)."""
    # Drain anything late from before, so it is not charged to this key.
    while self._read_available(0):
      pass
    before = len(self.output)
    sent = time.monotonic()
    self.send(data)
    last, count = self.wait_quiet(quiet, since=before, need_output=False)
    return before, sent, last, count

  def key(self, data: bytes, quiet: float) -> tuple[int, float]:
    """Sends one key; returns (bytes the program wrote in answer, seconds to the last one)."""
    before, sent, last, count = self._press(data, quiet)
    return count - before, max(0.0, last - sent) if count > before else 0.0

  def key_showing(self, data: bytes, marker: bytes, quiet: float) -> tuple[float, float]:
    """Sends one key; returns (seconds to the first output holding `marker`, or to the last
    byte when it never came; seconds to the last byte)."""
    before, sent, last, count = self._press(data, quiet)
    if count <= before:
      return 0.0, 0.0
    for arrived, length in self.chunks:
      if length > before and marker in self.output[before:length]:
        return max(0.0, arrived - sent), max(0.0, last - sent)
    return max(0.0, last - sent), max(0.0, last - sent)

  def text_since(self, start: int) -> bytes:
    return bytes(self.output[start:])

  # MARK: - memory and the end

  def vm_hwm_kb(self) -> int | None:
    try:
      with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
        for line in status:
          if line.startswith("VmHWM:"):
            return int(line.split()[1])
    except OSError:
      return None
    return None

  def cpu_seconds(self) -> float | None:
    """CPU time the program has used so far (the scheduler's count, in ns, from
    /proc/<pid>/schedstat): unlike wall time, hardly moved by a busy neighbour."""
    try:
      with open(f"/proc/{self.pid}/schedstat", encoding="ascii") as stat:
        return int(stat.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
      return None

  def close(self, quit_keys: bytes | None = None, grace: float = 2.0) -> int | None:
    """Asks the program to quit (keys, then SIGTERM, then SIGKILL); returns peak RSS in KB."""
    if quit_keys:
      try:
        self.send(quit_keys)
      except OSError:
        pass
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
      if sig is not None:
        try:
          os.kill(self.pid, sig)
        except ProcessLookupError:
          pass
      limit = time.monotonic() + grace
      while time.monotonic() < limit:
        try:
          while self._read_available(0):
            pass
        except EOFError:
          pass
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if pid == self.pid:
          self.exit_status = status
          self.maxrss_kb = usage.ru_maxrss
          os.close(self.fd)
          return self.maxrss_kb
        time.sleep(0.02)
    return None
