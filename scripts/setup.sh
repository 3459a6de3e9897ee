#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine that has the .NET SDK.
# Idempotent: skips what is already there.
set -euo pipefail
packages=(bc curl mosquitto postgresql chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
dotnet restore "$(dirname "$0")/../DispenseStation.sln" -nologo
# The tests start their own Mosquitto and PostgreSQL on free ports; a packaged service left running
# would hold port 1883 (the embedded broker's default).
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  systemctl disable --now mosquitto || true
fi
