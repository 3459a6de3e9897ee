#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian machine that has the .NET SDK
# (iproute2: ss, with which the demo names the process holding a port it needs).
# Idempotent: skips what is already there.
set -euo pipefail
packages=(bc curl iproute2 mosquitto postgresql chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node and npm (the Sparkplug decoder below): the machine image may ship its own Node with npm built in,
# whose package conflicts with Debian's npm; install Debian's only when there is no npm at all.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
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
# Eclipse Tahu's JavaScript Sparkplug B codec: the gateway tests decode every Sparkplug message with it (an
# implementation independent of the gateway's own).
tahu="$(dirname "$0")/../tests/DispenseStation.Gateway.Tests/Sparkplug/tahu"
if [ ! -d "$tahu/node_modules/sparkplug-payload" ]; then
  (cd "$tahu" && npm ci --no-audit --no-fund)
fi
# uPlot, the dashboard's chart library: installed from the npm registry; the gateway build copies its dist files into
# the served wwwroot/lib (the library is never committed).
deps="$(dirname "$0")/../gateway/dashboard-deps"
if [ ! -f "$deps/node_modules/uplot/dist/uPlot.iife.min.js" ]; then
  (cd "$deps" && npm ci --no-audit --no-fund)
fi
