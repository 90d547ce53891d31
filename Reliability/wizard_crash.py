#!/usr/bin/env python3
"""Crashes in the wizard: SIGKILL racing Enter on the Confirm screen, many times.

    python3 Reliability/wizard_crash.py [--runs 200] [--max-delay-ms 25] [--seed N]

Each run starts the wizard in a tmux pane at 80x24 (keys from terminfo), walks it to the
Confirm screen with a fresh 5-seat code on 5 devices, presses Enter and sends SIGKILL a
random 0..max-delay ms after starting to press it, so the kill lands before, during or
after the commit. Afterwards the store must hold all 5 licenses of that code or none, with
one audit row per license; at the end PRAGMA integrity_check must be ok.
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

NOW = "2026-06-01T09:00:00Z"
TERM = "xterm-256color"


class Pane:
    def __init__(self, socket, name, command):
        self.socket, self.name = socket, name
        self.tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)
        self.pid = int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=check).stdout

    def screen(self):
        try:
            return self.tmux("capture-pane", "-p", "-t", self.name)
        except subprocess.CalledProcessError:
            return ""

    def wait(self, *phrases, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(p in screen for p in phrases):
                return screen
            time.sleep(0.03)
        raise RuntimeError(f"screen never showed {phrases}:\n{self.screen()}")

    def send(self, data, check=True):
        self.tmux("send-keys", "-t", self.name, "-H", *[f"{b:02x}" for b in data], check=check)

    def gone(self):
        try:
            os.kill(self.pid, 0)
            return False
        except ProcessLookupError:
            return True


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--max-delay-ms", type=float, default=25)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--bin")
    a = p.parse_args()
    rng = random.Random(a.seed)
    bin_ = common.binary(a.bin)
    folder, store = common.temp_store("wizard-crash")
    env = common.clean_env(store, NOW)
    codes = common.issue(bin_, env, 5, a.runs)
    common.import_devices(bin_, env, folder, [f"WZ-{d}" for d in range(1, 6)])
    down = subprocess.run(["tput", "-T", TERM, "kcud1"], capture_output=True, check=True).stdout
    socket = f"smartconnect-wizard-crash-{os.getpid()}"
    command = (f"exec env -i TERM={TERM} LANG=C.UTF-8 HOME={folder} "
               f"{bin_} --store {store} --now {NOW}")

    checks = common.Checks()
    tally = {"all 5 written": 0, "none written": 0, "partial": 0}
    try:
        for run in range(a.runs):
            pane = Pane(socket, f"r{run}", command)
            pane.wait("Subscription Overview", "a Activate Code")
            pane.send(b"a")
            pane.wait("Activate Code · step 1 of 5")
            pane.send(codes[run].encode())
            pane.wait(codes[run])
            pane.send(b"\r")
            pane.wait("Your activated plans · step 2 of 5")
            pane.send(b"\r")
            pane.wait("Assign to device · step 3 of 5")
            for device in range(1, 6):
                if device > 1:
                    pane.send(down)
                pane.send(b" ")
                pane.wait(f"Selected: {device} of")
            pane.send(b"\r")
            pane.wait("Confirm assigned plan · step 4 of 5")
            # Confirm acts only on a key pressed once it could be read (0.5 s after it
            # was drawn; CursesFrontEnd.settleTime).
            time.sleep(0.7)
            delay = rng.uniform(0, a.max_delay_ms) / 1000
            killer = threading.Timer(delay, lambda pid=pane.pid: os.kill(pid, signal.SIGKILL))
            killer.start()
            # The kill may win the race and take the pane with it before the key is sent.
            pane.send(b"\r", check=False)
            killer.join()
            deadline = time.monotonic() + 10
            while not pane.gone() and time.monotonic() < deadline:
                time.sleep(0.01)
            checks.expect(pane.gone(), f"run {run}: the wizard survived SIGKILL")

            with common.connect(store) as db:
                written = db.execute(
                    "SELECT count(*) FROM license JOIN code ON code.id = license.code_id "
                    "WHERE code.digest = ?", (common.digest(codes[run]),)).fetchone()[0]
                audited = db.execute(
                    "SELECT count(*) FROM audit WHERE action = 'license.assign' AND code = ?",
                    ("*****-*****-*****-" + codes[run][-5:],)).fetchone()[0]
            key = {5: "all 5 written", 0: "none written"}.get(written, "partial")
            tally[key] += 1
            checks.expect(written in (0, 5), f"run {run}: {written} of 5 licenses after {delay}")
            checks.expect(audited == written, f"run {run}: {audited} audit rows, {written} licenses")
            if run % 20 == 19:
                print(f"  {run + 1} runs: " + ", ".join(f"{k} {v}" for k, v in tally.items()),
                      flush=True)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)

    integrity = common.integrity(store)
    checks.expect(integrity == "ok", f"PRAGMA integrity_check: {integrity}")
    print(f"wizard crash: {a.runs} runs, SIGKILL 0-{a.max_delay_ms:.0f} ms after pressing Enter "
          f"on Confirm (seed {a.seed}): "
          + ", ".join(f"{k}: {v}" for k, v in tally.items()) + f"; integrity_check: {integrity}")
    status = checks.finish("wizard crash")
    if status == 0:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"  store kept at {store}")
    return status


if __name__ == "__main__":
    sys.exit(main())
