#!/usr/bin/env bash
# The long forms of the reliability checks, one after the other (RELIABILITY.md):
#
#   Reliability/run.sh [FUZZ_SECONDS]     (default 300 per fuzz target; about 20 min in all)
#
# load (16 processes x 50 activations), crash (200 kill -9 of activate, then 200 more with
# SQLite's WAL writes slowed so the kills land inside the commit), wizard_crash (200
# kill -9 racing Enter on Confirm), fuzz (code parser and CSV importer). Builds the debug
# binary first; exit status 0 only when every part passed. Each part prints its figures.
set -uo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds=${1:-300}
swift build --product smartconnect || exit 1
status=0
for part in "python3 Reliability/load.py" "python3 Reliability/crash.py --runs 200" \
  "python3 Reliability/crash.py --runs 200 --slow-wal-ms 5" \
  "python3 Reliability/wizard_crash.py --runs 200" "Reliability/fuzz.sh $fuzz_seconds"; do
  echo "== $part"
  $part || status=1
done
echo "== reliability: $([ $status -eq 0 ] && echo all passed || echo FAILED)"
exit $status
