#!/usr/bin/env bash
# The README's test command: sets up what the tests need (scripts/setup.sh), builds the solution (which
# runs the nanoFramework portability gate), runs every test project and ends with one line
# "Tests: N passed, N failed, N skipped". It fails when a test fails, when no test ran, and under CI
# (CI=true) when any test was skipped: a machine that lacks a service must not pass by skipping.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${DISPENSE_SKIP_SETUP:-}" != "1" ]; then
  bash scripts/setup.sh || { echo "setup failed"; exit 1; }
fi
log=$(mktemp)
dotnet build DispenseStation.sln -nologo -c Release 2>&1 | tail -n 30
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "build failed (exit $build)"
  exit "$build"
fi
# One test assembly at a time: the fault table, the browser tests and the gateway suite each load both cores.
dotnet test DispenseStation.sln -nologo -c Release --no-build -m:1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { grep -oE "$1: +[0-9]+" "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$skipped" -gt 0 ]; then
  echo "Skipped tests:"
  grep -E '^\s+Skipped ' "$log" | sed 's/^/  /' || true
fi
rm -f "$log"
verdict=$status
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran"
  verdict=1
fi
if [ "$status" -eq 0 ] && [ "$skipped" -gt 0 ] && [ "${CI:-}" = "true" ]; then
  echo "CI=true: $skipped skipped test(s) count as failures (a missing service must not pass by skipping)"
  verdict=1
fi
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$verdict"
