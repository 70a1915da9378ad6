#!/usr/bin/env bash
# CPU samples of one build's capture closed loop or reconciliation, for bench/profile/costs.py.
#
#   bench/profile/record.sh BENCH_DLL OUT [capture|reconcile]   (Linux, perf installed, root or perf_event_paranoid <= 1)
#
# capture (the default): runs `BENCH_DLL capture --seconds 10` and samples the process at 999 Hz for
# 6 s in the middle of its closed loop. Then: costs.py A.script ORDERS_A B.script ORDERS_B, where
# ORDERS = closed_loop_orders_per_s x 6.
# reconcile: runs `BENCH_DLL reconcile --orders 20000` under perf from start to end; costs.py
# --reconcile keeps the samples taken while orders were being reserved. Then:
# costs.py --reconcile A.script 20000 B.script 20000.
# Writes OUT.txt (the scenario's own figures), OUT.data (perf) and OUT.script (the stacks costs.py
# reads). JIT frames are named through perf maps, with W^X off so that perf can read them. On ext4
# without a journal, wait a minute after the last run's files were deleted (docs/benchmarks.md).
set -euo pipefail
dll=$(realpath "$1"); out=$(realpath -m "$2"); scenario=${3:-capture}
cd "$(dirname "$dll")"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
case "$scenario" in
  capture)
    dotnet "$dll" capture --seconds 10 > "$out.txt" 2>&1 &
    bench=$!
    sleep 21 # fsync probe (10 s), OCI cut, warm-up (1 s): the closed loop runs from about 17 s to 28 s
    perf record -F 999 -g -p "$bench" -o "$out.data" -- sleep 6 2>/dev/null
    wait "$bench"
    figure=closed_loop_orders_per_s ;;
  reconcile)
    perf record -F 999 -g -o "$out.data" -- dotnet "$dll" reconcile --orders 20000 > "$out.txt" 2>&1
    figure=reconciled_orders_per_s ;;
  *) echo "scenario: capture or reconcile, not '$scenario'" >&2; exit 2 ;;
esac
perf script -i "$out.data" -F comm,tid,time,ip,sym > "$out.script" 2>/dev/null
grep -o "\"$figure\":[0-9.]*" "$out.txt"
