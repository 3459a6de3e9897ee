#!/usr/bin/env bash
# Runs the README's test command while two CPU-hog processes compete for the cores, RUNS times in a
# row (default 3), to flush out ordering races that only show under load. Prints one line per run and
# exits non-zero if any run failed. The hogs are bounded: they end with this script.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
hogs=()
cleanup() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null; done; }
trap cleanup EXIT
for _ in 1 2; do
  ( while :; do :; done ) &
  hogs+=("$!")
done
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  log=$(mktemp)
  bash scripts/test.sh >"$log" 2>&1
  status=$?
  summary=$(grep -E '^Tests: ' "$log" | tail -1)
  echo "run $i/$runs under 2 CPU hogs: exit $status in $(( $(date +%s) - start )) s; ${summary:-no summary}"
  if [ "$status" -ne 0 ]; then
    failed=$((failed + 1))
    grep -E '^\s+Failed ' "$log" | head -20
    # Keep the whole log of a failed run: a failure under load is often not reproducible afterwards.
    mkdir -p artifacts/test-under-load
    kept="artifacts/test-under-load/run-$i-$(date +%Y%m%d-%H%M%S).log"
    cp "$log" "$kept"
    echo "  full log: $kept"
  fi
  rm -f "$log"
done
[ "$failed" -eq 0 ]
