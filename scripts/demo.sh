#!/usr/bin/env bash
# Demo: the gateway (embedded MQTT broker, SQLite, API, dashboard) and one virtual station (the firmware core on
# the simulated plant) as a second process. Prints the dashboard URL; Ctrl-C stops both.
# Settings: DEMO_HTTP_PORT (5080), DEMO_MQTT_PORT (18830; not 1883, where a system Mosquitto may listen), DEMO_SPEED (simulated seconds per wall second, 4),
# DEMO_DATA (artifacts/demo: database, station state, logs).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

http_port="${DEMO_HTTP_PORT:-5080}"
mqtt_port="${DEMO_MQTT_PORT:-18830}"
speed="${DEMO_SPEED:-4}"
data="$(mkdir -p "${DEMO_DATA:-artifacts/demo}" && cd "${DEMO_DATA:-artifacts/demo}" && pwd)"
station=vs-01
url="http://127.0.0.1:${http_port}"

echo "building gateway and virtual station..."
dotnet build gateway/DispenseStation.Gateway/DispenseStation.Gateway.csproj -c Release -v quiet -nologo -o "$data/bin/gateway" >"$data/build.log" 2>&1 \
  || { cat "$data/build.log"; exit 1; }
dotnet build firmware/DispenseStation.VirtualStation/DispenseStation.VirtualStation.csproj -c Release -v quiet -nologo -o "$data/bin/station" >>"$data/build.log" 2>&1 \
  || { cat "$data/build.log"; exit 1; }
gateway=(dotnet "$data/bin/gateway/DispenseStation.Gateway.dll")

# A fresh station password per run; the gateway only ever sees its hash, the station reads it from a private file.
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
hash="$("${gateway[@]}" hash-password "$password")"
umask 077
cat >"$data/$station.json" <<JSON
{ "stationId": "$station", "broker": "127.0.0.1:$mqtt_port", "username": "$station", "password": "$password",
  "channels": ["solvent", "resin", "crosslinker", "pag", "quencher", "surfactant"],
  "stateDir": "$data/state/$station", "speed": $speed, "telemetryHz": 5 }
JSON
umask 022

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Started from its own folder, so it reads the appsettings.json shipped next to it.
(cd "$data/bin/gateway" && exec dotnet DispenseStation.Gateway.dll serve --http-urls "$url" --mqtt-port "$mqtt_port" --connection-string "Data Source=$data/dispense-station.db" \
  --Gateway:Stations:0:Id="$station" --Gateway:Stations:0:PasswordHash="$hash") >"$data/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs "$url/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "gateway failed to start:"; cat "$data/gateway.log"; exit 1; }
  sleep 0.2
done
curl -fs "$url/health" >/dev/null || { echo "gateway did not answer on $url"; cat "$data/gateway.log"; exit 1; }

dotnet "$data/bin/station/dispense-virtual-station.dll" --config "$data/$station.json" >"$data/station.log" 2>&1 &
pids+=($!)

cat <<TEXT

  DispenseStation demo is running.
  Dashboard:  $url
  Station:    $station (virtual, simulated plant at ${speed}x real time)
  Try it:     open the dashboard, pick the recipe marked ✓ and press "Start batch", or from another terminal:
              dotnet $data/bin/gateway/DispenseStation.Gateway.dll batch run silsesquioxane-negative/ok-terpolymer-magnetic-head \\
                --station $station --grams 100 --operator you --gateway $url
  Logs:       $data/gateway.log, $data/station.log
  Stop:       Ctrl-C
TEXT
wait -n "${pids[@]}"
echo "a demo process exited; see the logs in $data"
