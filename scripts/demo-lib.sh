# Functions of scripts/demo.sh, kept apart so the tests can run each one (tests/DispenseStation.Gateway.Tests/Demo).
# Source it; every function prints its refusal on standard error and returns non-zero.

# Who listens on TCP port $1: "dotnet (pid 1234)", "a process of another user" or nothing when the port is free.
demo_port_owner() {
  local port="$1" line
  if command -v ss >/dev/null 2>&1; then
    line="$(ss -Htlnp "sport = :$port" 2>/dev/null | head -n 1)"
    [ -n "$line" ] || return 0
    if [[ "$line" =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
      echo "${BASH_REMATCH[1]} (pid ${BASH_REMATCH[2]})"
    else
      echo "a process this user may not see (try: sudo ss -tlnp 'sport = :$port')"
    fi
    return 0
  fi
  # Without iproute2: a connection that succeeds means someone listens, though not who.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "a process (install iproute2 to see which)"; fi
}

# Refuses when any of the ports "NAME=PORT" ... is taken, naming the process.
demo_check_ports() {
  local pair name port owner bad=0
  for pair in "$@"; do
    name="${pair%%=*}"; port="${pair##*=}"
    owner="$(demo_port_owner "$port")"
    if [ -n "$owner" ]; then
      echo "demo: port $port ($name) is in use by $owner; stop it or choose another port with DEMO_${name}_PORT" >&2
      bad=1
    fi
  done
  return "$bad"
}

# One demo at a time per data folder $1 (its database, station state and users): an flock held on fd 9 until this
# shell exits, so a crashed demo never leaves a stale lock. $2 says who holds it, for the refusal of the next one.
demo_take_lock() {
  local data="$1" who="$2"
  exec 9>>"$data/demo.lock"
  if ! flock -n 9; then
    echo "demo: $data is in use by another demo ($(cat "$data/demo.owner" 2>/dev/null || echo "owner unknown")); stop it or set DEMO_DATA to another folder" >&2
    return 1
  fi
  echo "$who" >"$data/demo.owner"
}

# Waits until the gateway started as pid $3 answers $1/health as instance $2. Fails at once when that process exits
# or when another gateway (another instance) answers on the port; $4 is its log, shown on failure.
demo_wait_for_gateway() {
  local url="$1" instance="$2" pid="$3" log="$4" body answered i
  for i in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "demo: the gateway (pid $pid) exited while starting; its log ($log):" >&2
      tail -n 40 "$log" >&2 2>/dev/null || true
      return 1
    fi
    if body="$(curl -fs --max-time 2 "$url/health" 2>/dev/null)"; then
      answered="$(printf '%s' "$body" | sed -n 's/.*"instance":"\([^"]*\)".*/\1/p')"
      if [ "$answered" = "$instance" ]; then return 0; fi
      echo "demo: $url is answered by another gateway (instance ${answered:-unknown}, pid $(printf '%s' "$body" | sed -n 's/.*"pid":\([0-9]*\).*/\1/p')), not the one this demo started (pid $pid)" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "demo: the gateway did not answer on $url within 60 s; its log ($log):" >&2
  tail -n 40 "$log" >&2 2>/dev/null || true
  return 1
}
