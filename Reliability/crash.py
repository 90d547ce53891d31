#!/usr/bin/env python3
"""Crashes: kill -9 an `activate` of 5 devices at a random moment, many times.

    python3 Reliability/crash.py [--runs 200] [--seed N] [--slow-wal-ms MS]

Each run activates a fresh 5-seat code onto 5 devices of its own and sends SIGKILL after a
random delay spread over the command's measured run time (start-up, opening the store, the
transaction, printing); the window adapts so that about four runs in five are killed
mid-way, whatever the machine's load. After every run the store must hold all 5 licenses of
that run or none, the code must be activated exactly when its licenses are there (the
activation is part of the same transaction), the audit trail must match, and
seats_left + assigned == seats. At the end PRAGMA integrity_check must be ok.

The transaction is a few milliseconds of the run. With --slow-wal-ms, an LD_PRELOAD shim
(Reliability/SlowWAL/slowwal.c, built with cc) delays each of SQLite's writes to the -wal
file and logs it, so the commit's frames are spread out and many kills land between them;
such runs are counted as "killed while writing the WAL".
"""

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SEATS = 5


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--slow-wal-ms", type=float, default=0,
                   help="delay each write to the -wal file by this much (LD_PRELOAD shim)")
    p.add_argument("--bin")
    a = p.parse_args()
    rng = random.Random(a.seed)

    bin_ = common.binary(a.bin)
    folder, store = common.temp_store("crash")
    env = common.clean_env(store)
    calibration = 5
    codes = common.issue(bin_, env, SEATS, a.runs + calibration)
    groups = [[f"C{i:04d}-{d}" for d in range(1, SEATS + 1)] for i in range(len(codes))]
    common.import_devices(bin_, env, folder, [s for g in groups for s in g])

    if a.slow_wal_ms:
        shim = os.path.join(folder, "slowwal.so")
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", shim,
                        os.path.join(common.ROOT, "Reliability", "SlowWAL", "slowwal.c"), "-ldl"],
                       check=True)
        env = dict(env, LD_PRELOAD=shim, SLOWWAL_US=str(int(a.slow_wal_ms * 1000)))
    wal_log = os.path.join(folder, "wal-writes.log")

    def wal_writes():
        try:
            with open(wal_log) as f:
                return sum(1 for _ in f)
        except FileNotFoundError:
            return 0

    def command(i):
        args = [bin_, "activate", codes[i]]
        for serial in groups[i]:
            args += ["--device", serial]
        return args

    # How long a whole activate takes here, so the kills spread over all of it.
    times = []
    for i in range(a.runs, a.runs + calibration):
        started = time.monotonic()
        subprocess.run(command(i), env=env, capture_output=True, check=True)
        times.append(time.monotonic() - started)
    span = statistics.median(times)
    spans = []

    checks = common.Checks()
    tally = {"all 5 written": 0, "none written": 0, "partial": 0}
    killed = exited = late = mid_wal = 0
    for i in range(a.runs):
        # Half the kills anywhere in the run, half near its end, where the transaction and
        # the commit are (start-up and opening the store take most of the time).
        delay = rng.uniform(0, span) if i % 2 else rng.uniform(0.8 * span, 1.05 * span)
        if os.path.exists(wal_log):
            os.remove(wal_log)
        proc = subprocess.Popen(command(i), env=dict(env, SLOWWAL_LOG=wal_log), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        status = proc.wait()
        spans.append(span)
        if status == -signal.SIGKILL:
            killed += 1
            span *= 1.03
        else:
            exited += 1
            span *= 0.9
            checks.expect(status == 0, f"run {i}: exited {status} before the kill")

        # The binary opens the store after the crash as the next technician would.
        view = common.overview(bin_, env)
        with common.connect(store) as db:
            held = db.execute(
                "SELECT count(*) FROM license WHERE device LIKE ?", (f"C{i:04d}-%",)).fetchone()[0]
            row = db.execute(
                "SELECT c.id, c.seats, c.activated_at, "
                "(SELECT count(*) FROM license l WHERE l.code_id = c.id) "
                "FROM code c WHERE c.digest = ?", (common.digest(codes[i]),)).fetchone()
            audited = db.execute(
                "SELECT count(*) FROM audit WHERE action = 'license.assign' AND device LIKE ?",
                (f"C{i:04d}-%",)).fetchone()[0]
        _, seats, activated_at, assigned = row
        if status == -signal.SIGKILL and held == 0 and wal_writes() > 0:
            mid_wal += 1
        if held == SEATS:
            tally["all 5 written"] += 1
            if status == -signal.SIGKILL:
                late += 1
        elif held == 0:
            tally["none written"] += 1
        else:
            tally["partial"] += 1
        checks.expect(held in (0, SEATS), f"run {i}: {held} of {SEATS} licenses written")
        checks.expect(assigned == held, f"run {i}: code holds {assigned}, devices {held}")
        checks.expect((activated_at is not None) == (held == SEATS),
                      f"run {i}: activated={activated_at is not None} with {held} licenses")
        checks.expect(audited == held, f"run {i}: {audited} audit rows for {held} licenses")
        masked = "*****-*****-*****-" + codes[i][-5:]
        plan = [pl for pl in view["plans"] if pl["code"] == masked]
        if held:
            checks.expect(len(plan) == 1 and plan[0]["seats_left"] + assigned == seats,
                          f"run {i}: seats_left + assigned == seats")
        else:
            checks.expect(not plan, f"run {i}: a plan shown for a code with no licenses")

    integrity = common.integrity(store)
    checks.expect(integrity == "ok", f"PRAGMA integrity_check: {integrity}")
    print(f"crash: {a.runs} runs of `activate` (5 devices), SIGKILL after 0-{min(spans) * 1000:.0f}..{max(spans) * 1000:.0f} ms "
          f"(seed {a.seed}{f', WAL writes slowed {a.slow_wal_ms:g} ms' if a.slow_wal_ms else ''}): "
          f"{killed} killed ({mid_wal} while writing the WAL, {late} after their commit), "
          f"{exited} finished first; "
          + ", ".join(f"{k}: {v}" for k, v in tally.items()) + f"; integrity_check: {integrity}")
    status = checks.finish("crash")
    if status == 0:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"  store kept at {store}")
    return status


if __name__ == "__main__":
    sys.exit(main())
