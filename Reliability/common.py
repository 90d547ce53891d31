"""Shared helpers of the reliability scripts: find the binary, make stores, read them back.

The scripts drive the real `smartconnect` binary as a technician's shell would and check
the store afterwards with Python's own sqlite3 module, so a bug in the store code cannot
hide itself from the check.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary(explicit=None):
    """The binary: --bin, $SMARTCONNECT_BIN, else .build/debug/smartconnect (built first)."""
    path = explicit or os.environ.get("SMARTCONNECT_BIN")
    if path:
        return path
    path = os.path.join(ROOT, ".build", "debug", "smartconnect")
    if not os.access(path, os.X_OK):
        subprocess.run(["swift", "build", "--product", "smartconnect"], cwd=ROOT, check=True)
    return path


def clean_env(store, now="2026-06-01T09:00:00Z"):
    """An environment without the developer's SMARTCONNECT_* leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCONNECT_")}
    env["SMARTCONNECT_STORE"] = store
    env["SMARTCONNECT_NOW"] = now
    return env


def run(bin_, args, env, stdin=None, check=True):
    result = subprocess.run(
        [bin_] + args, env=env, input=stdin, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        sys.exit(f"setup failed: smartconnect {' '.join(args)} -> {result.returncode}\n"
                 f"{result.stdout}{result.stderr}")
    return result


def temp_store(prefix):
    folder = tempfile.mkdtemp(prefix=f"smartconnect-{prefix}-")
    return folder, os.path.join(folder, "store", "smartconnect.sqlite")


def issue(bin_, env, seats, count, tier="advanced", months=12):
    out = run(bin_, ["code", "issue", "--tier", tier, "--term-months", str(months),
                     "--seats", str(seats), "--count", str(count)], env).stdout
    return out.split()


def import_devices(bin_, env, folder, serials):
    path = os.path.join(folder, "devices.csv")
    with open(path, "w") as f:
        f.write("serial,name,model,site\n")
        for serial in serials:
            f.write(f"{serial},UPS {serial},Smart-UPS 1500,Load\n")
    run(bin_, ["device", "import", path], env)


def digest(code):
    """What the store keeps of a code: SHA-256 of its canonical form."""
    return hashlib.sha256(code.encode()).digest()


def connect(store):
    return sqlite3.connect(f"file:{store}?mode=ro", uri=True)


def integrity(store):
    with connect(store) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def overview(bin_, env):
    return json.loads(run(bin_, ["overview", "--json"], env).stdout)


class Checks:
    """Counts checks and failures; prints each failure; the exit status says it all."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def expect(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            print(f"FAIL: {what}", flush=True)

    def finish(self, name):
        status = "ok" if not self.failed else f"FAILED ({len(self.failed)})"
        print(f"{name}: {self.passed} checks passed, {len(self.failed)} failed: {status}")
        return 0 if not self.failed else 1
