#!/usr/bin/env bash
# Durable ingestion: responses/s through the public submit endpoint, as a ratio to the
# /healthz ceiling measured in the same run, on SQLite (group commit: concurrent
# submissions share one fsync). Usage: bench/ingest.sh path/to/nazar
#   -> bench/results/ingest.json
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
source ./lib.sh
start_server
base="http://127.0.0.1:$port/api/v1/orgs/1"
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
survey=$(curl -sf "${auth[@]}" -d '{"name":"bench","template":"relationship_nps","languages":["en"]}' \
  "$base/surveys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf "${auth[@]}" -X POST "$base/surveys/$survey/publish" >/dev/null
token=$(curl -sf "${auth[@]}" -d '{"name":"bench","rate_limit_per_hour":1000000}' \
  "$base/surveys/$survey/links" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

health=$(run_wrk healthz -s wrk_json.lua "http://127.0.0.1:$port/healthz")
submit=$(run_wrk submit -s wrk_submit.lua "http://127.0.0.1:$port/api/v1/links/$token/responses")
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
# Every acknowledged response must be stored and counted.
python3 -c 'import json,sys; d=json.load(open("results/ingest.json")); sys.exit(0 if d["responses_stored"] >= d["submit"]["requests"] - d["submit"]["non_2xx"] else 1)' \
  || { echo "bench: fewer responses stored than acknowledged" >&2; exit 1; }
