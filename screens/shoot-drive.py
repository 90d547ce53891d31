#!/usr/bin/env python3
"""Runs inside the xterm that screens/shoot.sh starts: walks the demo to each screen to shoot.

    shoot-drive.py WORK_DIR BINARY

Starts `BINARY --demo --now 2027-01-15T09:00:00Z` in a pty of the xterm's own size and
copies its output to the xterm unchanged, so the xterm draws exactly what the wizard sends.
Keys are typed one at a time, each once the screen has settled (a burst would read as a
paste). At each screen to shoot it writes the screen's name to WORK_DIR/ready and waits
until shoot.sh has taken the picture and removed the file. WORK_DIR/window gets the xterm's
window id (WINDOWID) for xwd. Ends with Ctrl-C, which quits without writing anything.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import sys
import termios
import time
import tty

NOW = "2027-01-15T09:00:00Z"
CODE = re.compile(rb"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}")
DOWN = b"\x1bOB"  # xterm's kcud1 in keypad mode, which curses turns on


class Wizard:
  def __init__(self, binary: str):
    size = fcntl.ioctl(sys.stdin.fileno(), termios.TIOCGWINSZ, b"\0" * 8)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "NO_COLOR"))}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")
    pid, fd = pty.fork()
    if pid == 0:
      fcntl.ioctl(0, termios.TIOCSWINSZ, size)
      os.execve(binary, [binary, "--demo", "--now", NOW], env)
    self.pid, self.fd = pid, fd
    self.output = bytearray()

  def pump(self, quiet: float, marker: bytes | None = None, deadline: float = 60) -> bytes:
    """Copies output to the xterm until `marker` has shown and it has been quiet `quiet` s."""
    start = len(self.output)
    limit = time.monotonic() + deadline
    last = time.monotonic()
    while time.monotonic() < limit:
      ready, _, _ = select.select([self.fd], [], [], 0.05)
      if ready:
        data = os.read(self.fd, 65536)
        if not data:
          break
        self.output += data
        os.write(sys.stdout.fileno(), data)
        last = time.monotonic()
      seen = marker is None or marker in self.output[start:]
      if seen and time.monotonic() - last >= quiet:
        return bytes(self.output[start:])
    raise SystemExit(f"no {marker!r} on screen within {deadline} s")

  def key(self, data: bytes, marker: bytes | None = None) -> bytes:
    os.write(self.fd, data)
    return self.pump(0.3, marker)


def shoot(work: str, name: str) -> None:
  ready = os.path.join(work, "ready")
  with open(ready + ".tmp", "w", encoding="ascii") as out:
    out.write(name)
  os.rename(ready + ".tmp", ready)
  limit = time.monotonic() + 60
  while os.path.exists(ready):
    if time.monotonic() > limit:
      raise SystemExit(f"{name}: no picture taken within 60 s")
    time.sleep(0.05)


def main() -> None:
  work, binary = sys.argv[1], sys.argv[2]
  os.makedirs(work, exist_ok=True)
  with open(os.path.join(work, "window"), "w", encoding="ascii") as out:
    out.write(os.environ.get("WINDOWID", ""))
  tty.setraw(sys.stdin.fileno())
  wizard = Wizard(binary)
  wizard.pump(0.5, b"Quit")
  shoot(work, "overview")
  wizard.key(b"a", b"Demo codes")
  # Ctrl-L repaints the whole screen in order: each code arrives whole (a plain frame is
  # diffed, and may skip characters that were already there).
  screen = wizard.key(b"\x0c", b"Demo codes")
  codes = CODE.findall(screen[screen.index(b"Demo codes"):])
  # The Advanced 36 months, 3 seats code, as in the golden screens (screens/04-confirm.txt).
  wizard.key(codes[1])
  wizard.key(b"\r", b"activated plans")
  wizard.key(b"\r", b"Assign to device")
  # Reception UPS (the 2nd device) and Line 1 PLC UPS (the 10th), as in the goldens.
  wizard.key(DOWN)
  wizard.key(b" ")
  for _ in range(8):
    wizard.key(DOWN)
  wizard.key(b" ")
  wizard.key(b"\r", b"Confirm assigned plan")
  wizard.pump(1.0)
  shoot(work, "confirm")
  os.write(wizard.fd, b"\x03")
  try:
    wizard.pump(0.5, deadline=5)
  except (SystemExit, OSError):
    pass
  os.waitpid(wizard.pid, 0)
  open(os.path.join(work, "done"), "w").close()


if __name__ == "__main__":
  main()
