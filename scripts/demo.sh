#!/usr/bin/env bash
# Demo: the gateway (embedded MQTT broker, SQLite, API, dashboard) and one virtual station (the firmware core on
# the simulated plant) as a second process. Prints the dashboard URL; Ctrl-C stops both.
# Settings: DEMO_HTTP_PORT (5080), DEMO_MQTT_PORT (18830; not 1883, where a system Mosquitto may listen), DEMO_SPEED (simulated seconds per wall second, 4),
# DEMO_DATA (artifacts/demo: database, station state, users; each run's logs in runs/<run>). It refuses to start when
# a port is taken (naming the process) or another demo uses the same DEMO_DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source scripts/demo-lib.sh

http_port="${DEMO_HTTP_PORT:-5080}"
mqtt_port="${DEMO_MQTT_PORT:-18830}"
speed="${DEMO_SPEED:-4}"
data="$(realpath -m "${DEMO_DATA:-artifacts/demo}")"
station=vs-01
url="http://127.0.0.1:${http_port}"

# Refuse before writing anything: taken ports (named with their process), then a data folder another demo is using.
demo_check_ports "HTTP=$http_port" "MQTT=$mqtt_port" || exit 1
mkdir -p "$data"
demo_take_lock "$data" "pid $$, $url, MQTT port $mqtt_port, started $(date -u +%FT%TZ)" || exit 1

# Each run logs into its own folder (artifacts/demo/runs/<run>, artifacts/demo/latest points to it); the database,
# station state (with the simulated plant) and users carry over from run to run, one run at a time.
run_id="$(date -u +%Y%m%dT%H%M%SZ)-$$"
run="$data/runs/$run_id"
mkdir -p "$run"
ln -sfn "runs/$run_id" "$data/latest"

echo "setting up (scripts/setup.sh)..."
bash scripts/setup.sh >"$run/setup.log" 2>&1 || { cat "$run/setup.log"; exit 1; }
echo "building gateway and virtual station..."
dotnet build gateway/DispenseStation.Gateway/DispenseStation.Gateway.csproj -c Release -v quiet -nologo -o "$data/bin/gateway" >"$run/build.log" 2>&1 \
  || { cat "$run/build.log"; exit 1; }
dotnet build firmware/DispenseStation.VirtualStation/DispenseStation.VirtualStation.csproj -c Release -v quiet -nologo -o "$data/bin/station" >>"$run/build.log" 2>&1 \
  || { cat "$run/build.log"; exit 1; }
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

# Demo users, one per role, created once per demo database with random passwords kept in a private file.
users_file="$data/demo-users.txt"
if [ ! -f "$users_file" ]; then
  umask 077
  : >"$users_file.new"
  for pair in demo-tech:technician demo-eng:engineer demo-sup:supervisor demo-view:viewer; do
    name="${pair%%:*}"; role="${pair##*:}"
    pw="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
    echo "$pw" | "${gateway[@]}" user add "$name" --role "$role" --connection-string "Data Source=$data/dispense-station.db" >>"$run/build.log" \
      || { echo "could not create demo user $name"; exit 1; }
    echo "$name $role $pw" >>"$users_file.new"
  done
  mv "$users_file.new" "$users_file"
  umask 022
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Started from its own folder, so it reads the appsettings.json shipped next to it. The run id is its instance id:
# the health check below accepts only this gateway's answer, not another one's on the same port.
(cd "$data/bin/gateway" && exec dotnet DispenseStation.Gateway.dll serve --http-urls "$url" --mqtt-port "$mqtt_port" \
  --connection-string "Data Source=$data/dispense-station.db" --Gateway:InstanceId="$run_id" \
  --Gateway:Stations:0:Id="$station" --Gateway:Stations:0:PasswordHash="$hash") >"$run/gateway.log" 2>&1 &
pids+=($!)
demo_wait_for_gateway "$url" "$run_id" "${pids[0]}" "$run/gateway.log" || exit 1

dotnet "$data/bin/station/dispense-virtual-station.dll" --config "$data/$station.json" --auto-wafers >"$run/station.log" 2>&1 &
pids+=($!)
# The station says whether it found its bench as the last run left it (plant.json) or had to re-zero the scale.
plant=""
for _ in $(seq 1 100); do
  plant="$(grep -m 1 -E 'plant (restored|lost)|new simulated plant' "$run/station.log" 2>/dev/null | sed 's/^\[[^]]*\] //' || true)"
  [ -n "$plant" ] && break
  kill -0 "${pids[1]}" 2>/dev/null || { echo "the virtual station exited:"; cat "$run/station.log"; exit 1; }
  sleep 0.1
done

# The CLI signs in as the demo technician (token kept under artifacts, not in the home folder).
export DISPENSE_TOKEN_FILE="$data/cli-tokens.json"
awk '$1=="demo-tech"{print $3}' "$users_file" | "${gateway[@]}" login --user demo-tech --gateway "$url" >/dev/null

cat <<TEXT

  DispenseStation demo is running.
  Dashboard:  $url
  Station:    $station (virtual, simulated plant at ${speed}x real time)
              ${plant:-plant state not reported yet; see $run/station.log}
  Users:      (user role password; also in $users_file)
$(sed 's/^/              /' "$users_file")
  Try it:     open the dashboard, sign in as demo-tech, pick the recipe marked ✓ and press "Start batch", or from another terminal:
              DISPENSE_TOKEN_FILE=$DISPENSE_TOKEN_FILE dotnet $data/bin/gateway/DispenseStation.Gateway.dll batch run \\
                silsesquioxane-negative/ok-terpolymer-magnetic-head --station $station --grams 100 --gateway $url
              Sign the record as demo-tech (performed), then as demo-sup (reviewed, released) on the batch report.
  Bake jobs:  "Bake jobs" on the dashboard (a simulated operator places and removes the wafers), or:
              DISPENSE_TOKEN_FILE=$DISPENSE_TOKEN_FILE dotnet $data/bin/gateway/DispenseStation.Gateway.dll bake run --station $station --profile peb-110 \\
                --wafers 5 --gateway $url
  Logs:       $run/gateway.log, $run/station.log
  Stop:       Ctrl-C
TEXT
wait -n "${pids[@]}"
echo "a demo process exited; see the logs in $run"
