#!/usr/bin/env bash
# Triggered feedback under load, on SQLite, with the HTTP ceiling (/healthz) in the same run:
#  1. interactions/s through POST /interactions in batches of 1,000, with a trigger rule
#     evaluated for every interaction (sampling BENCH_TRIGGER_SAMPLING, default 0.005, so a
#     share of them invite by email through a real SMTP sink on loopback);
#  2. trigger-to-sent latency: from the interaction written (interactions.created_ms) to the
#     message received by the SMTP sink (its wall clock), p50/p90/p99, once the outbox has
#     drained: for the saturating load above (sends wait behind the batches for SQLite's one
#     writer), and for a steady load of BENCH_STEADY_BATCHES_PER_S batches of 1,000 a second
#     (default 5: 5,000 interactions/s);
#  3. interactions/s through `nazar import interactions --format queue_log` of a generated
#     Asterisk queue_log of BENCH_QUEUE_LOG_LINES lines (default 1,000,000; 3 lines a call),
#     with an IVR rule sampling 5% of its calls.
# The rules name every field a call touchpoint would otherwise default (answered calls only,
# 15 minutes later, latest call only, once a day, quiet hours), to measure the pipeline alone.
# Usage: bench/triggers.sh path/to/nazar [path/to/smtp_sink]  -> bench/results/triggers.json
NAZAR=$(realpath "$1")
SINK=$(realpath "${2:-$(dirname "$NAZAR")/../../tests/support/smtp_sink}")
SAMPLING=${BENCH_TRIGGER_SAMPLING:-0.005}
LINES=${BENCH_QUEUE_LOG_LINES:-1000000}
LOAD_CONNECTIONS=${BENCH_BATCH_CONNECTIONS:-4}
STEADY=${BENCH_STEADY_BATCHES_PER_S:-5}
cd "$(dirname "$0")"
source ./lib.sh

sink_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SINK" --port "$sink_port" --log "$work/received.tsv" >/dev/null &
sink_pid=$!
trap 'kill $sink_pid 2>/dev/null; cleanup' EXIT
start_server
base="http://127.0.0.1:$port/api/v1/orgs/1"
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
survey=$(curl -sf "${auth[@]}" -d '{"name":"after support","template":"post_support","languages":["fa","en"]}' \
  "$base/surveys" | id_of)
curl -sf "${auth[@]}" -X POST "$base/surveys/$survey/publish" >/dev/null
curl -sf "${auth[@]}" -d '{"key":"support","channel":"phone"}' "$base/touchpoints" >/dev/null
curl -sf "${auth[@]}" -X PUT -d "{\"smtp\":{\"host\":\"127.0.0.1\",\"port\":$sink_port,\"tls\":\"none\",\"from_address\":\"cx@bench.example\",\"from_name\":\"باشگاه مشتریان\"}}" \
  "$base/channel-settings" >/dev/null
curl -sf "${auth[@]}" -d "{\"name\":\"after support calls\",\"survey_id\":$survey,\"touchpoint\":\"support\",\"delivery\":\"email\",\"sampling\":$SAMPLING,\"frequency_cap_days\":30,\"conditions\":[],\"delay_s\":0,\"latest_call_only\":false,\"quiet_hours\":null}" \
  "$base/trigger-rules" >/dev/null

health=$(run_wrk healthz -s wrk_json.lua "http://127.0.0.1:$port/healthz")
batches=$(CONNECTIONS=$LOAD_CONNECTIONS run_wrk interactions_batches -s wrk_interactions.lua \
  -H "Authorization: Bearer $key" --timeout 30s "$base/interactions")

python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["non_2xx"] == 0 and d["requests"] > 0 else 1)' "$batches" \
  || { echo "bench: interaction batches were refused: $batches" >&2; exit 1; }

# Waits until the outbox has drained: every queued invitation sent (or given up).
drain() {
  for _ in $(seq 600); do
    pending=$(sqlite <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetchone()[0])
PY
)
    [[ "$pending" == 0 ]] && return
    sleep 0.5
  done
}
# latency SINCE_MS: trigger-to-sent of the invitations of interactions written since then.
latency() {
  sqlite "$work/received.tsv" "$1" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
since = int(sys.argv[3])
written = dict(db.execute("SELECT i.token, x.created_ms FROM invitations i JOIN interactions x "
                          "ON x.id = i.interaction_id WHERE i.status = 'sent' AND x.created_ms >= ?", (since,)))
counts = dict(db.execute("SELECT i.status, COUNT(*) FROM invitations i JOIN interactions x "
                         "ON x.id = i.interaction_id WHERE x.created_ms >= ? GROUP BY i.status", (since,)))
seen, lat = set(), []
for line in open(sys.argv[2]):
    ms, mid = line.rstrip("\n").split("\t")
    token = mid.strip("<>").split(".")[0]
    if token in written and token not in seen:  # a duplicate would be counted once
        seen.add(token)
        lat.append(int(ms) - written[token])
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else None
print(json.dumps({"invitations": counts, "received": len(lat), "p50_ms": pct(50), "p90_ms": pct(90),
                  "p99_ms": pct(99), "max_ms": lat[-1] if lat else None}))
PY
}
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
sqlite() { python3 - "$work/nazar.db" "$@"; }

drain
saturated=$(latency 0)
steady_from=$(now_ms)
pace_ms=$(( 1000 / STEADY ))
steady=$(BENCH_REF_PREFIX=s BENCH_PACE_MS=$pace_ms CONNECTIONS=1 WRK_THREADS=1 run_wrk interactions_steady -s wrk_interactions.lua \
  -H "Authorization: Bearer $key" --timeout 30s "$base/interactions")
drain
steady_latency=$(latency "$steady_from")

# A call centre's day: ENTERQUEUE, CONNECT, COMPLETECALLER a call, over the last 24 hours.
python3 - "$LINES" > "$work/queue_log" <<'PY'
import random, sys, time
random.seed(5)
lines, now = int(sys.argv[1]), int(time.time())
out = sys.stdout
for call in range(lines // 3):
    t = now - 86400 + call * 86400 // max(lines // 3, 1)
    cid, caller = f"17000{call}.{call % 97}", f"0912{random.randrange(10**7):07d}"
    wait, talk, agent = random.randrange(5, 400), random.randrange(30, 900), f"SIP/{8000 + call % 50}"
    out.write(f"{t}|{cid}|sales|NONE|ENTERQUEUE||{caller}|1\n")
    out.write(f"{t + wait}|{cid}|sales|{agent}|CONNECT|{wait}|{cid}.b|3\n")
    out.write(f"{t + wait + talk}|{cid}|sales|{agent}|COMPLETECALLER|{wait}|{talk}|1\n")
PY
curl -sf "${auth[@]}" -d '{"key":"sales","channel":"phone"}' "$base/touchpoints" >/dev/null
curl -sf "${auth[@]}" -d "{\"name\":\"after sales calls\",\"survey_id\":$survey,\"touchpoint\":\"sales\",\"delivery\":\"ivr\",\"sampling\":0.05,\"conditions\":[],\"delay_s\":0,\"latest_call_only\":false,\"frequency_cap_days\":0,\"quiet_hours\":null}" \
  "$base/trigger-rules" >/dev/null
echo "bench: nazar import interactions --format queue_log ($LINES lines)" >&2
/usr/bin/time -f '%e %M' -o "$work/import.time" "$NAZAR" import interactions --db "$db" --org 1 \
  --format queue_log --file "$work/queue_log" >"$work/import.out" 2>"$work/import.err" ||
  { cat "$work/import.err" >&2; exit 1; }
import_s=$(tail -1 "$work/import.time")
import_report=$(tail -1 "$work/import.out")
ivr=$(sqlite <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM invitations WHERE channel = 'ivr'").fetchone()[0])
PY
)

mkdir -p results
python3 - "$health" "$batches" "$saturated" "$import_s" "$import_report" "$LINES" "$ivr" "$SAMPLING" \
  "$steady" "$steady_latency" > results/triggers.json <<'PY'
import json, os, platform, re, sys, datetime
health, batches, latency = (json.loads(x) for x in sys.argv[1:4])
steady, steady_latency = json.loads(sys.argv[9]), json.loads(sys.argv[10])
seconds, max_rss_kb = sys.argv[4].split()
calls = int(re.match(r"(\d+) rows: (\d+) new", sys.argv[5]).group(2))
batch = int(os.environ.get("BENCH_BATCH", 1000))
print(json.dumps({
  "benchmark": "triggered_feedback",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "store": "sqlite (WAL, synchronous=FULL)",
  "healthz": health,
  "api_batches": {"load": {"tool": "wrk", "connections": int(os.environ.get("BENCH_BATCH_CONNECTIONS", 4)),
                           "duration": os.environ.get("BENCH_DURATION", "10s"),
                           "interactions_per_request": batch},
                  "wrk": batches,
                  "interactions_per_s": round(batches["requests_per_s"] * batch),
                  "trigger_rule": {"delivery": "email", "sampling": float(sys.argv[8]),
                                   "frequency_cap_days": 30}},
  "trigger_to_sent": {
    "measured": "interaction written -> message received by the SMTP sink (one machine's clock)",
    "steady_load": {"interactions_per_s": round(steady["requests_per_s"] * batch), "wrk": steady, **steady_latency},
    "saturating_load": {"note": "the batches above, as fast as they go; sends queue behind them for SQLite's single writer",
                        **latency}},
  "queue_log_import": {"lines": int(sys.argv[6]), "calls": calls, "seconds": float(seconds),
                       "interactions_per_s": round(calls / float(seconds)),
                       "lines_per_s": round(int(sys.argv[6]) / float(seconds)),
                       "max_rss_mib": round(int(max_rss_kb) / 1024),
                       "ivr_invitations": int(sys.argv[7]), "trigger_rule": {"delivery": "ivr", "sampling": 0.05}},
}, indent=2))
PY
cat results/triggers.json
