#!/usr/bin/env bash
# The HTTP ceiling: wrk on loopback against /healthz (no store) and an authenticated JSON
# read (API key lookup + organisation read) on SQLite. Later benchmarks compare with it.
# Usage: bench/http_ceiling.sh path/to/nazar  -> bench/results/http_ceiling.json
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
BENCH_KEY_ROLE=viewer
source ./lib.sh
start_server
health=$(run_wrk healthz -s wrk_json.lua "http://127.0.0.1:$port/healthz")
read=$(run_wrk authenticated_read -s wrk_json.lua -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/orgs/1")
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
