#!/usr/bin/env bash
# The HTTP ceiling: wrk on loopback against /healthz (no store) and an authenticated JSON
# read (API key lookup + organisation read) on SQLite. Later benchmarks compare with it.
# Usage: bench/http_ceiling.sh path/to/nazar  -> bench/results/http_ceiling.json
set -euo pipefail
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}

work=$(mktemp -d)
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

db="sqlite:$work/nazar.db"
"$NAZAR" migrate --db "$db" >/dev/null
NAZAR_PASSWORD=bench-password "$NAZAR" user create --db "$db" --email bench@example.com \
  --name Bench --org "Bench Org" >/dev/null
key=$("$NAZAR" apikey create --db "$db" --org 1 --name bench --role viewer 2>/dev/null)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$NAZAR" serve --db "$db" --listen "127.0.0.1:$port" --no-access-log 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

run() {  # name, extra wrk args...
  local name=$1; shift
  echo "bench: $name ($DURATION, $CONNECTIONS connections)" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s wrk_json.lua "$@" | tail -1
}
health=$(run healthz "http://127.0.0.1:$port/healthz")
read=$(run authenticated_read -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/orgs/1")
# Sanity: the authenticated read really answers 200 with the organisation.
curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/orgs/1" | grep -q '"Bench Org"'

mkdir -p results
python3 - "$health" "$read" > results/http_ceiling.json <<'PY'
import json, os, platform, subprocess, sys, datetime
health, read = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
  "benchmark": "http_ceiling",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "load": {"tool": "wrk", "connections": int(os.environ.get("BENCH_CONNECTIONS", 64)),
           "threads": int(os.environ.get("BENCH_WRK_THREADS", 2)),
           "duration": os.environ.get("BENCH_DURATION", "10s"), "same_machine": True},
  "store": "sqlite",
  "healthz": health,
  "authenticated_read": read,
  "ratio_authenticated_read_to_healthz": round(read["requests_per_s"] / health["requests_per_s"], 3),
}, indent=2))
PY
cat results/http_ceiling.json
