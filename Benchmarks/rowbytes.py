#!/usr/bin/env python3
"""Bytes per ↓ on the demo fleet, the way bench.py measures them, without building a store.

    python3 Benchmarks/rowbytes.py [BINARY] [--term xterm-256color] [--show]

Runs `smartconnect --demo` (the debug build unless BINARY is given) through a real pty at
80x24 and prints the median bytes one ↓ costs on the Overview and on Assign to device (a
14-device list: every ↓ moves the pointer inside the window). --show prints one ↓'s bytes,
to see what curses sends for the current-row marker. A quick check while changing how the
current row looks; bench.py remains the measure of record (DESIGN §7: ≤ 40 B).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ptysession import PtySession  # noqa: E402

KEY_QUIET = 0.15
CODE = re.compile(rb"[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}")


def key(term: str, capability: str) -> bytes:
  return subprocess.run(["tput", "-T", term, capability], check=True,
                        capture_output=True).stdout


def downs(session: PtySession, down: bytes, count: int) -> tuple[int, bytes]:
  answers = []
  sample = b""
  for index in range(count):
    before = len(session.output)
    answers.append(session.key(down, KEY_QUIET)[0])
    if index == 1:
      sample = session.text_since(before)
  return int(statistics.median(answers)), sample


def main() -> int:
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("binary", nargs="?",
                      default=os.path.join(os.path.dirname(HERE), ".build", "debug", "smartconnect"))
  parser.add_argument("--term", default="xterm-256color")
  parser.add_argument("--show", action="store_true", help="print one ↓'s bytes")
  options = parser.parse_args()
  env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "NO_COLOR", "TMUX"))}
  env.update(TERM=options.term, LANG="C.UTF-8", LC_ALL="C.UTF-8")
  down = key(options.term, "kcud1")
  session = PtySession([options.binary, "--demo", "--now", "2027-01-15T09:00:00Z"], env)
  try:
    session.wait_quiet(0.3, marker=b"Quit", deadline=60)
    overview, overview_sample = downs(session, down, 10)
    before = len(session.output)
    session.send(b"a")
    session.wait_quiet(KEY_QUIET, marker=b"Demo codes", since=before)
    codes = CODE.findall(session.text_since(before))
    if not codes:
      raise SystemExit("no demo code on the Activate Code screen")
    # The code, then Enter on its own: a code and its newline in one burst are a paste,
    # which never submits.
    session.key(codes[-1], KEY_QUIET)
    before = len(session.output)
    session.send(b"\r")
    session.wait_quiet(KEY_QUIET, marker=b"activated plans", since=before)
    before = len(session.output)
    session.send(b"\r")
    session.wait_quiet(KEY_QUIET, marker=b"Assign to device", since=before)
    assign, assign_sample = downs(session, down, 10)
    session.key(b" ", KEY_QUIET)  # select the current row (the 11th of 14), then leave it
    before = len(session.output)
    off_selected = session.key(down, KEY_QUIET)[0]
    off_selected_sample = session.text_since(before)
  finally:
    session.close(b"\x03")
  print(f"{options.term} 80x24: bytes per ↓ on the Overview {overview}, on Assign {assign}, "
        f"off a selected row on Assign {off_selected}")
  if options.show:
    print(f"  Overview: {overview_sample!r}\n  Assign:   {assign_sample!r}\n"
          f"  off a selected row: {off_selected_sample!r}")
  return 0


if __name__ == "__main__":
  sys.exit(main())
