#!/usr/bin/env bash
# CPU samples of one build's capture closed loop, for bench/profile/costs.py.
#
#   bench/profile/record.sh BENCH_DLL OUT        (Linux, perf installed, run as root or with perf_event_paranoid <= 1)
#
# Runs `BENCH_DLL capture --seconds 10`, samples the process at 999 Hz for 6 s in the middle of its
# closed loop, and writes OUT.txt (the scenario's own figures), OUT.data (perf) and OUT.script (the
# stacks costs.py reads). JIT frames are named through perf maps, with W^X off so that perf can read them.
# Then, for two builds:  bench/profile/costs.py A.script ORDERS_A B.script ORDERS_B
# where ORDERS = closed_loop_orders_per_s x 6.
set -euo pipefail
dll=$(realpath "$1"); out=$(realpath -m "$2")
cd "$(dirname "$dll")"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
dotnet "$dll" capture --seconds 10 > "$out.txt" 2>&1 &
bench=$!
sleep 21 # fsync probe (10 s), OCI cut, warm-up (1 s): the closed loop runs from about 17 s to 28 s
perf record -F 999 -g -p "$bench" -o "$out.data" -- sleep 6 2>/dev/null
wait "$bench"
perf script -i "$out.data" -F comm,tid,ip,sym > "$out.script" 2>/dev/null
grep -o '"closed_loop_orders_per_s":[0-9.]*' "$out.txt"
