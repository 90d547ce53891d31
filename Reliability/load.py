#!/usr/bin/env python3
"""Load: many processes race for the seats of a handful of codes on one store.

    python3 Reliability/load.py [--workers 16] [--per-worker 50] [--codes 4] [--seats 50]

Each worker runs `activate CODE --device SERIAL` --per-worker times, one after the other,
each time for a device of its own and one of the codes in turn; the workers run at once,
so up to --workers smartconnect processes write to the store together. Afterwards:
assignments == seats exactly, every refusal is about seats (no "database is locked" or
"busy" reaches a user), the audit trail has one license.assign row per license, and
PRAGMA integrity_check is ok. Then another program holds the write lock past the busy
timeout: activate waits, says the store is busy (exit 1, nothing written) and overview
still reads.
"""

import argparse
import collections
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--workers", type=int, default=16)
    p.add_argument("--per-worker", type=int, default=50)
    p.add_argument("--codes", type=int, default=4)
    p.add_argument("--seats", type=int, default=50)
    p.add_argument("--bin")
    p.add_argument("--keep", action="store_true", help="keep the store folder")
    a = p.parse_args()

    bin_ = common.binary(a.bin)
    folder, store = common.temp_store("load")
    env = common.clean_env(store)
    codes = common.issue(bin_, env, a.seats, a.codes)
    serials = [f"L{w:02d}-{i:03d}" for w in range(a.workers) for i in range(a.per_worker)]
    common.import_devices(bin_, env, folder, serials)

    outcomes = collections.Counter()
    unexpected = []
    latencies = []
    lock = threading.Lock()

    def worker(w):
        for i in range(a.per_worker):
            code = codes[(w + i) % len(codes)]
            started = time.monotonic()
            r = common.run(bin_, ["activate", code, "--device", f"L{w:02d}-{i:03d}"], env,
                           check=False)
            elapsed = time.monotonic() - started
            err = r.stderr.lower()
            with lock:
                latencies.append(elapsed)
                if r.returncode == 0:
                    outcomes["assigned"] += 1
                elif r.returncode == 1 and "seats" in err and "already assigned" in err:
                    outcomes["refused: no seats left"] += 1
                else:
                    outcomes["unexpected"] += 1
                    unexpected.append((r.returncode, r.stderr.strip()))
                if "locked" in err or "busy" in err:
                    outcomes["locked/busy shown to the user"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(a.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started

    checks = common.Checks()
    seats_total = a.seats * len(codes)
    with common.connect(store) as db:
        licenses = db.execute("SELECT count(*) FROM license").fetchone()[0]
        per_code = dict(db.execute(
            "SELECT c.digest, count(l.id) FROM code c LEFT JOIN license l ON l.code_id = c.id "
            "GROUP BY c.id").fetchall())
        audit = db.execute(
            "SELECT count(*) FROM audit WHERE action = 'license.assign'").fetchone()[0]
        audit_pairs = db.execute(
            "SELECT count(*) FROM (SELECT DISTINCT device FROM audit "
            "WHERE action = 'license.assign')").fetchone()[0]
        devices_twice = db.execute(
            "SELECT count(*) FROM (SELECT device FROM license GROUP BY device "
            "HAVING count(*) > 1)").fetchone()[0]
    integrity = common.integrity(store)
    plans = common.overview(bin_, env)["plans"]

    attempts = a.workers * a.per_worker
    latencies.sort()
    print(f"load: {a.workers} processes x {a.per_worker} activations = {attempts} attempts "
          f"for {len(codes)} codes x {a.seats} seats = {seats_total} seats, {wall:.1f} s "
          f"({attempts / wall:.0f} activations/s; latency median "
          f"{latencies[len(latencies) // 2] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms)")
    for name, count in sorted(outcomes.items()):
        print(f"  {name}: {count}")
    print(f"  licenses in the store: {licenses}; audit license.assign rows: {audit}; "
          f"integrity_check: {integrity}")
    for code, stderr in unexpected[:10]:
        print(f"  unexpected exit {code}: {stderr}")

    checks.expect(licenses == seats_total, f"licenses {licenses} == seats {seats_total}")
    checks.expect(outcomes["assigned"] == seats_total,
                  f"successful activations {outcomes['assigned']} == seats {seats_total}")
    checks.expect(all(per_code.get(common.digest(c), -1) == a.seats for c in codes),
                  "every code has exactly its seats assigned")
    checks.expect(outcomes["assigned"] + outcomes["refused: no seats left"] == attempts,
                  "every attempt either assigned a seat or was refused for lack of seats")
    checks.expect(outcomes["locked/busy shown to the user"] == 0,
                  "no 'database is locked' / busy message reached a user")
    checks.expect(audit == licenses and audit_pairs == licenses,
                  f"one audit row per assignment ({audit} rows for {licenses} licenses)")
    checks.expect(devices_twice == 0, "no device got two licenses")
    checks.expect(integrity == "ok", f"PRAGMA integrity_check: {integrity}")
    checks.expect(len(plans) == len(codes) and all(p["seats_left"] == 0 for p in plans),
                  "overview shows every plan activated with 0 seats left")
    # A writer that never lets go (another program holding BEGIN IMMEDIATE for longer than
    # the busy timeout): activate waits, then says the store is busy, exit 1, nothing
    # written; overview still reads meanwhile (WAL).
    spare = common.issue(bin_, env, 1, 1)[0]
    holder = common.sqlite3.connect(store, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        blocked = common.run(bin_, ["activate", spare, "--device", serials[0]], env, check=False)
        waited = time.monotonic() - started
        reader = common.run(bin_, ["overview", "--json"], env, check=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    print(f"  write lock held by another program: activate exit {blocked.returncode} after "
          f"{waited:.1f} s: {blocked.stderr.strip()}; overview exit {reader.returncode}")
    checks.expect(blocked.returncode == 1 and "busy" in blocked.stderr and "Try again" in
                  blocked.stderr and "locked" not in blocked.stderr.lower(),
                  "a lock held past the timeout gives the busy message, exit 1")
    with common.connect(store) as db:
        after = db.execute("SELECT count(*) FROM license").fetchone()[0]
    checks.expect(after == licenses, "the blocked activate wrote nothing")
    checks.expect(reader.returncode == 0, "overview reads while another program writes")

    status = checks.finish("load")
    if not a.keep and status == 0:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"  store kept at {store}")
    return status


if __name__ == "__main__":
    sys.exit(main())
