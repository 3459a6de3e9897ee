#!/usr/bin/env bash
# Builds the solution (which runs the nanoFramework portability gate) and runs every test project.
# Prints one closing line "Tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet build DispenseStation.sln -nologo -c Release 2>&1 | tail -n 30
build=${PIPESTATUS[0]}
if [ "$build" -ne 0 ]; then
  echo "build failed (exit $build)"
  exit "$build"
fi
dotnet test DispenseStation.sln -nologo -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { grep -oE "$1: +[0-9]+" "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
echo "Tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
rm -f "$log"
exit "$status"
