#!/usr/bin/env bash
# Durable ingestion on both stores: responses/s through the public submit endpoint, new and
# replayed (the same response ids again: a retrying script, or anyone replaying a public
# link), each as a ratio to the /healthz ceiling measured in the same run against the same
# server. A replay must cost no more than a new response (issue 11, finding 9: on
# PostgreSQL replays ran at 1/70 of new ones).
# Usage: bench/ingest.sh path/to/nazar   -> bench/results/ingest.json
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
source ./lib.sh

# measure STORE_NAME: one JSON object of the runs against the server on $db.
measure() {
  local name=$1
  start_server
  local base auth survey url
  bench_survey_link
  local health fresh replay stored counters
  health=$(run_wrk "$name healthz" -s wrk_json.lua "http://127.0.0.1:$port/healthz")
  fresh=$(run_wrk "$name new responses" -s wrk_submit.lua "$url")
  sleep 1  # the last submissions wrk did not wait for are written (and counted) too
  stored=$(curl -sf "${auth[@]}" "$base/metrics?metric=nps&survey=$survey" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["n"])')
  # Ids the first wrk thread sent and had stored: "w1-2" … (at most 5,000 of them).
  local ids
  ids=$(python3 -c "print(max(1, min(5000, $stored // $WRK_THREADS - 100)))")
  replay=$(REPLAY_IDS=$ids run_wrk "$name replayed responses" -s wrk_replay.lua "$url")
  local after
  sleep 1
  after=$(curl -sf "${auth[@]}" "$base/metrics?metric=nps&survey=$survey" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["n"])')
  counters=$(curl -sf "http://127.0.0.1:$port/metrics" |
    grep -E '^nazar_ingest_(submissions|commits)_total' | awk '{print $2}' | paste -sd' ')
  stop_server
  python3 - "$name" "$health" "$fresh" "$replay" "$stored" "$after" "$counters" <<'PY'
import json, sys
name, health, fresh, replay = sys.argv[1], *(json.loads(a) for a in sys.argv[2:5])
stored, after = int(sys.argv[5]), int(sys.argv[6])
submissions, commits = (int(x) for x in sys.argv[7].split())
print(json.dumps({
  "healthz": health, "new": fresh, "replayed": replay,
  "ratio_new_to_healthz": round(fresh["requests_per_s"] / health["requests_per_s"], 3),
  "ratio_replayed_to_new": round(replay["requests_per_s"] / fresh["requests_per_s"], 3),
  "responses_stored": stored, "responses_after_replays": after,
  "group_commit": {"submissions": submissions, "transactions": commits,
                   "submissions_per_commit": round(submissions / max(commits, 1), 1)},
}))
PY
}

sqlite=$(measure sqlite)
use_postgres
postgres=$(measure postgresql)

mkdir -p results
python3 - "$sqlite" "$postgres" > results/ingest.json <<'PY'
import json, os, sys, datetime, platform
sqlite, postgres = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
  "benchmark": "durable_ingestion",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "load": {"tool": "wrk", "connections": int(os.environ.get("BENCH_CONNECTIONS", 64)),
           "duration": os.environ.get("BENCH_DURATION", "10s"), "same_machine": True},
  "reference": "GET /healthz on the same server in the same run (the HTTP ceiling)",
  "stores": {"sqlite (WAL, synchronous=FULL)": sqlite,
             "postgresql (synchronous_commit=on, a fresh database: no statistics yet)": postgres},
}, indent=2))
PY
cat results/ingest.json
# Every acknowledged response is stored once; replays add nothing; a replay costs no more
# than half a new response (it was 1/70 on PostgreSQL).
python3 - <<'PY' || { echo "bench: ingestion checks failed" >&2; exit 1; }
import json, sys
d = json.load(open("results/ingest.json"))
for name, s in d["stores"].items():
    acked = s["new"]["requests"] - s["new"]["non_2xx"]
    assert s["responses_stored"] >= acked, f"{name}: fewer responses stored than acknowledged"
    assert s["responses_after_replays"] == s["responses_stored"], f"{name}: a replay was counted"
    assert s["replayed"]["non_2xx"] == 0, f"{name}: replays refused"
    assert s["ratio_replayed_to_new"] >= 0.5, f"{name}: replays at {s['ratio_replayed_to_new']} of new"
PY
