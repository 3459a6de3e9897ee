#!/usr/bin/env bash
# Deliberate-bug check: applies each mutation below to a scratch copy of the repository (git worktree),
# builds and runs the tests named for it, and expects at least one to fail ("killed"). A mutation
# whose text is no longer in the source is reported STALE and fails the script: update the table.
# Usage: scripts/mutate.sh [name ...]   (default: all). Prints one line per mutation and a tally.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=$(mktemp -d)
git worktree add -q --detach "$scratch/repo" HEAD || exit 1
cleanup() { git -C "$root" worktree remove --force "$scratch/repo" >/dev/null 2>&1; rm -rf "$scratch"; }
trap cleanup EXIT
# The gateway build copies uPlot from gateway/dashboard-deps/node_modules (npm ci in setup.sh), which a worktree lacks.
[ -d "$root/gateway/dashboard-deps/node_modules" ] && ln -s "$root/gateway/dashboard-deps/node_modules" "$scratch/repo/gateway/dashboard-deps/node_modules"
# Uncommitted changes are part of what is checked.
git diff HEAD | (cd "$scratch/repo" && git apply --allow-empty 2>/dev/null || true)

python3 "$root/scripts/mutations.py" list >"$scratch/names"
wanted=("$@")
killed=0; survived=0; stale=0; total=0
while IFS=$'\t' read -r name project filter; do
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $name " ]]; then continue; fi
  total=$((total + 1))
  if ! python3 "$root/scripts/mutations.py" apply "$name" "$scratch/repo" >"$scratch/apply.log" 2>&1; then
    echo "STALE    $name: $(cat "$scratch/apply.log")"; stale=$((stale + 1)); continue
  fi
  if ! dotnet build "$scratch/repo/$project" -c Release -nologo -v quiet >"$scratch/build.log" 2>&1; then
    echo "STALE    $name: the mutant does not compile"; grep -m3 ' error ' "$scratch/build.log"; stale=$((stale + 1))
  elif dotnet test "$scratch/repo/$project" -c Release --no-build -nologo --filter "$filter" >"$scratch/test.log" 2>&1; then
    echo "SURVIVED $name: no test in $project ($filter) failed"; survived=$((survived + 1))
  else
    first=$(grep -m1 -E '^\s+Failed ' "$scratch/test.log" | sed 's/^ *//')
    echo "killed   $name: ${first:-tests failed}"; killed=$((killed + 1))
  fi
  python3 "$root/scripts/mutations.py" revert "$name" "$scratch/repo" >/dev/null
done <"$scratch/names"
echo "Mutations: $killed killed, $survived survived, $stale stale (of $total)"
[ "$survived" -eq 0 ] && [ "$stale" -eq 0 ]
