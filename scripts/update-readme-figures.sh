#!/usr/bin/env bash
# Regenerates the README's figures block from the bench reports, so no figure in the README is typed
# by hand. Runs each report (they write bench/results/<name>.md and a short <name>-summary.md), then
# replaces everything between the figures markers in README.md with the summaries in name order.
# --splice-only: skip the reports and splice the summaries already in bench/results.
# tests/integration/.../ReadmeFiguresTests fails when README and the summaries disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--splice-only" ]; then
  for report in bench/DispenseStation.Bench.Thermal bench/DispenseStation.Bench.Dosing bench/DispenseStation.Bench.WaferDown; do
    echo "running $report..."
    dotnet run -c Release --project "$report" >/dev/null
  done
  echo "running the fault table..."
  dotnet test tests/integration/DispenseStation.Integration.Tests -c Release --filter "FullyQualifiedName~FaultTable" >/dev/null
fi
python3 - <<'PY'
import glob, re
begin = "<!-- figures:begin -->"
end = "<!-- figures:end -->"
parts = [open(p, encoding="utf-8").read().strip("\n") for p in sorted(glob.glob("bench/results/*-summary.md"))]
block = begin + "\n" + "\n".join(parts) + "\n" + end
readme = open("README.md", encoding="utf-8").read()
if begin not in readme or end not in readme:
    raise SystemExit("README.md has no figures markers")
readme = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, readme, flags=re.S)
open("README.md", "w", encoding="utf-8").write(readme)
print("README figures block: %d summaries" % len(parts))
PY
