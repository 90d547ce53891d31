#!/usr/bin/env bash
# Fuzzes the activation code parser, the device CSV importer and NUT's protocol parser
# (UPS discovery) with libFuzzer.
#
#   Reliability/fuzz.sh [SECONDS]     (default 60 per target)
#
# Builds each target with `swiftc -sanitize=fuzzer,address` from the real sources
# (Sources/Subscriptions, DeviceCSV.swift + DeviceCheck.swift of SubscriptionStore, and the
# pure Sources/UPSDiscovery/Protocol, which uses Subscriptions' escaper) plus an entry point in Reliability/Fuzz, into
# .build-fuzz/, then runs each for SECONDS with a
# 5 s per-input timeout (a hang is reported as a failure). The targets themselves check that
# every rejection is a value true to the input; see Reliability/Fuzz/*.swift. Exit status 0 only when every
# target ran the whole time without a crash, a hang or a leak.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out/corpus/code" "$out/corpus/csv" "$out/corpus/nut" "$out/artifacts"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)

started=$(date +%s)
# The linker warns about every sanitizer symbol; keep that in a log unless the build fails.
build() { swiftc "$@" >>"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }; }
: >"$out/build.log"
build "${flags[@]}" -wmo -module-name Subscriptions -emit-module \
  -emit-module-path "$out/Subscriptions.swiftmodule" -emit-object -o "$out/Subscriptions.o" \
  Sources/Subscriptions/*.swift
build "${flags[@]}" -I "$out" -module-name FuzzCode -o "$out/fuzz-code" \
  Reliability/Fuzz/FuzzCode.swift "$out/Subscriptions.o"
build "${flags[@]}" -I "$out" -module-name FuzzCSV -o "$out/fuzz-csv" \
  Reliability/Fuzz/FuzzCSV.swift Sources/SubscriptionStore/DeviceCSV.swift \
  Sources/SubscriptionStore/DeviceCheck.swift "$out/Subscriptions.o"
build "${flags[@]}" -I "$out" -wmo -module-name UPSDiscovery -emit-module \
  -emit-module-path "$out/UPSDiscovery.swiftmodule" -emit-object -o "$out/UPSDiscovery.o" \
  Sources/UPSDiscovery/Protocol/*.swift
build "${flags[@]}" -I "$out" -module-name FuzzNUT -o "$out/fuzz-nut" \
  Reliability/Fuzz/FuzzNUT.swift "$out/UPSDiscovery.o" "$out/Subscriptions.o"
echo "fuzz: built the three targets in $(( $(date +%s) - started )) s"

status=0
for target in code csv nut; do
  log="$out/fuzz-$target.log"
  # FUZZ_SEED pins libFuzzer's random stream (CI sets it, so a run it lands on explores the
  # inputs a developer's run did); unset, each run draws its own.
  if "$out/fuzz-$target" -max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -timeout=5 \
      -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$out/artifacts/$target-" \
      "$out/corpus/$target" "Reliability/Fuzz/seeds/$target" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    grep -E "ERROR|Fatal error|deadly signal|timeout|==[0-9]+==" "$log" | head -20 || true
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  corpus=$(find "$out/corpus/$target" -type f | wc -l)
  echo "fuzz $target: $result, $runs inputs in ${seconds} s, coverage $cov edges, corpus $corpus (log $log)"
done
exit $status
