#!/usr/bin/env python3
"""Lists the functions the wizard runs in the benchmark's session, for the release link.

The release binary is linked with these functions first (lld's --symbol-ordering-file, see
Package.swift), so that the code a session runs sits together instead of being spread over
the executable's 28 MB of code. The kernel reads an executable ahead in blocks of 128 KB and
more, and maps every block it has read: each block that holds one function the session runs
counts whole in the program's resident memory. At a million devices this was 13.4 MB of
resident code for the 1.3 MB the session runs (README, "A million devices").

    python3 Scripts/hot-functions.py [--binary PATH] [--stores sqlite,postgres]

It runs the release binary under valgrind's callgrind through the benchmark's session (start,
↓, activate a code, the plans, the device list: ↓, Space, PgDn, End, ↑, Home, `/7`), on a
store of 1 000 devices in each store kind, and writes every function of the binary that ran
to Sources/smartconnect/hot-functions.txt. Run it again when the session's code has moved:
`Benchmarks/bench.py` reports how many of the listed functions the binary still has. A
stale list costs memory, never correctness: the linker skips names it does not find.
SwiftPM does not know the list is an input of the link: after writing it, remove the release
binary (`rm .build*/release/smartconnect`) so the next build links it again.

Needs valgrind (apt-get install valgrind) and, for PostgreSQL, the server (as the bench).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))

import bench  # noqa: E402
from pgserver import PgServer  # noqa: E402
from ptysession import PtySession  # noqa: E402

OUTPUT = os.path.join(ROOT, "Sources", "smartconnect", "hot-functions.txt")
# Under valgrind a key takes a second or more: wait this long for quiet output.
QUIET = 1.5
DEADLINE = 300


def session(binary: str, location: str, code: str, env: dict[str, str], out: str) -> None:
  """The benchmark's session (bench.measure_keys) under callgrind."""
  argv = ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
          binary, "--store", location, "--now", bench.NOW, "--operator", "bench"]
  key = bench.terminfo_key
  run = PtySession(argv, {**bench.environment(), **env}, bench.ROWS, bench.COLS)
  try:
    run.wait_quiet(QUIET, marker=bench.SC_OVERVIEW_MARKER, deadline=DEADLINE)
    for _ in range(3):
      run.key(key("kcud1"), QUIET)
    for keys, marker in ((b"a", bench.SC_ACTIVATE_MARKER), (code.encode(), b""),
                         (b"\r", bench.SC_PLANS_MARKER), (b"\r", bench.SC_ASSIGN_MARKER)):
      before = len(run.output)
      run.send(keys)
      run.wait_quiet(QUIET, marker=marker, since=before, deadline=DEADLINE)
    for keys in ([key("kcud1")] * 25 + [b" ", b" ", key("knp"), key("kend")]
                 + [key("kcuu1")] * 20 + [key("khome"), b"/", b"7"]):
      run.key(keys, QUIET)
  finally:
    run.close(b"\x03")


def ran(profile: str) -> set[str]:
  """Every function named in a callgrind profile: those that ran and those they called."""
  names = set()
  with open(profile, encoding="utf-8", errors="replace") as lines:
    for line in lines:
      found = re.match(r"c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
      if found:
        names.add(re.sub(r"'\d+$", "", found.group(1)))  # callgrind's recursion suffix
  return names


def main() -> int:
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--binary", help="a release smartconnect (default: build one)")
  parser.add_argument("--stores", default="sqlite,postgres")
  args = parser.parse_args()
  if shutil.which("valgrind") is None:
    print("valgrind is not installed: apt-get install valgrind", file=sys.stderr)
    return 1
  binary = args.binary
  if not binary:
    scratch = os.path.join(ROOT, ".build-release")
    bench.build_release(scratch)
    binary = os.path.join(scratch, "release", "smartconnect")
  folder = tempfile.mkdtemp(prefix="smartconnect-hot-")
  server = None
  try:
    # valgrind cannot read lld's DWARF 5; the symbol table is all it needs.
    plain = os.path.join(folder, "smartconnect")
    subprocess.run(["objcopy", "--strip-debug", binary, plain], check=True)
    backends = {}
    if "sqlite" in args.stores:
      backends["sqlite"] = bench.SQLiteFiles(folder)
    if "postgres" in args.stores:
      server = PgServer.start()
      backends["postgres"] = bench.PostgresDatabases(server)
    names: set[str] = set()
    for name, backend in backends.items():
      store = bench.Store(plain, 1000, backend, label=f"hot_{name}")
      store.build()
      profile = os.path.join(folder, f"{name}.callgrind")
      bench.log(f"{name}: the session under callgrind")
      session(plain, store.copy(), store.code, backend.env(), profile)
      names |= ran(profile)
    functions = sorted(names & bench.defined_functions(binary))
    with open(OUTPUT, "w", encoding="utf-8") as out:
      out.write("# Written by Scripts/hot-functions.py: the functions the benchmark's session runs,\n"
                "# linked first in the release build (Package.swift). Do not edit by hand.\n")
      out.write("".join(f"{function}\n" for function in functions))
    bench.log(f"{len(functions)} functions written to {os.path.relpath(OUTPUT, ROOT)}")
    return 0
  finally:
    if server:
      server.stop()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
  sys.exit(main())
