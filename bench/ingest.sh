#!/usr/bin/env bash
# Durable ingestion: responses/s through the public submit endpoint, as a ratio to the
# /healthz ceiling measured in the same run, on SQLite (group commit: concurrent
# submissions share one fsync). Usage: bench/ingest.sh path/to/nazar
#   -> bench/results/ingest.json
set -euo pipefail
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
export NAZAR_BENCH_DIR=$PWD
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
key=$("$NAZAR" apikey create --db "$db" --org 1 --name bench --role admin 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$NAZAR" serve --db "$db" --listen "127.0.0.1:$port" --no-access-log 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/api/v1/orgs/1"
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
survey=$(curl -sf "${auth[@]}" -d '{"name":"bench","template":"relationship_nps","languages":["en"]}' \
  "$base/surveys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf "${auth[@]}" -X POST "$base/surveys/$survey/publish" >/dev/null
token=$(curl -sf "${auth[@]}" -d '{"name":"bench","rate_limit_per_hour":1000000}' \
  "$base/surveys/$survey/links" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

run() {  # name, extra wrk args...
  local name=$1; shift
  echo "bench: $name ($DURATION, $CONNECTIONS connections)" >&2
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | tail -1
}
health=$(run healthz -s wrk_json.lua "http://127.0.0.1:$port/healthz")
submit=$(run submit -s wrk_submit.lua "http://127.0.0.1:$port/api/v1/links/$token/responses")
stored=$(curl -sf "${auth[@]}" "$base/metrics?metric=nps&survey=$survey" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["n"])')
counters=$(curl -sf "http://127.0.0.1:$port/metrics" | grep -E '^nazar_ingest_(submissions|commits)_total' | awk '{print $2}' | paste -sd' ')

mkdir -p results
python3 - "$health" "$submit" "$stored" "$counters" > results/ingest.json <<'PY'
import json, os, sys, datetime, platform
health, submit = json.loads(sys.argv[1]), json.loads(sys.argv[2])
submissions, commits = (int(x) for x in sys.argv[4].split())
print(json.dumps({
  "benchmark": "durable_ingestion",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "store": "sqlite (WAL, synchronous=FULL)",
  "load": {"tool": "wrk", "connections": int(os.environ.get("BENCH_CONNECTIONS", 64)),
           "duration": os.environ.get("BENCH_DURATION", "10s"), "same_machine": True},
  "healthz": health,
  "submit": submit,
  "ratio_submit_to_healthz": round(submit["requests_per_s"] / health["requests_per_s"], 3),
  "responses_stored": int(sys.argv[3]),
  "group_commit": {"submissions": submissions, "transactions": commits,
                   "submissions_per_fsync": round(submissions / max(commits, 1), 1)},
}, indent=2))
PY
cat results/ingest.json
