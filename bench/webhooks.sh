#!/usr/bin/env bash
# Webhook deliveries/s to a local sink, on SQLite, with the sink's own ceiling in the same run:
#  1. BENCH_WEBHOOK_MESSAGES (default 5,000) webhook.deliver messages waiting in the outbox
#     (written while the server is stopped, as Publish writes them: a response.completed
#     envelope of a realistic size) for one endpoint on loopback; the server starts and its
#     dispatcher signs, sends (address resolved and pinned, one connection a message, as
#     always) and settles each (one durable transaction per message, with its delivery log
#     row). Throughput from the sink's first to last arrival; the sink checks every signature.
#  2. The reference: one curl process POSTing the same body BENCH_WEBHOOK_REFERENCE times
#     (default 2,000) to the same sink, one after another, a new connection each (the sink
#     closes it), i.e. the ceiling of a sequential sender against this sink on this machine.
# Usage: bench/webhooks.sh path/to/nazar [path/to/webhook_sink] -> bench/results/webhooks.json
NAZAR=$(realpath "$1")
SINK=$(realpath "${2:-$(dirname "$NAZAR")/../../tests/support/webhook_sink}")
MESSAGES=${BENCH_WEBHOOK_MESSAGES:-5000}
REFERENCE=${BENCH_WEBHOOK_REFERENCE:-2000}
cd "$(dirname "$0")"
source ./lib.sh
export NAZAR_WEBHOOK_ALLOW_PRIVATE=1  # the sink is on loopback

secret="whsec_$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"
"$SINK" --log "$work/received.tsv" --secret "$secret" >"$work/sink.port" &
sink_pid=$!
trap 'kill $sink_pid 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [[ -s "$work/sink.port" ]] && break; sleep 0.05; done
sink_url="http://127.0.0.1:$(head -1 "$work/sink.port")/hooks"

start_server
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
endpoint=$(curl -sf "${auth[@]}" -d "{\"url\":\"$sink_url\",\"events\":[\"response.completed\"],\"secret\":\"$secret\"}" \
  "http://127.0.0.1:$port/api/v1/orgs/1/webhooks" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
stop_server

# The messages, as webhooks::Publish writes them (src/webhooks/publish.cc), and the body the
# reference posts.
python3 - "$work/nazar.db" "$endpoint" "$MESSAGES" "$work/body.json" <<'PY'
import datetime, json, sqlite3, sys, time
db, endpoint, n, body_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
now = int(time.time() * 1000)
iso = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
def body(i):
    data = {"id": 100000 + i, "survey_id": 1, "version": 1, "channel": "web", "touchpoint": "support_call",
            "agent": "agent-17", "language": "fa", "contact_id": 9000 + i, "interaction_id": None,
            "answers": {"nps": i % 11, "csat": 1 + i % 5, "comment": "پشتیبانی خوب بود ولی دیر جواب داد"},
            "hidden": {"order": f"A-{i}"}, "created_at": iso, "completed_at": iso}
    return '{"type":"response.completed","timestamp":' + json.dumps(iso) + ',"data":' + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "}"
open(body_path, "w").write(body(0))
c = sqlite3.connect(db)
c.executemany("INSERT INTO outbox (org_id, topic, key, payload, state, due_ms, attempts, last_error, created_ms) "
              "VALUES (1, 'webhook.deliver', ?, ?, 'pending', ?, 0, '', ?)",
              [(f"{endpoint}:msg_bench{i}",
                json.dumps({"endpoint_id": endpoint, "webhook_id": f"msg_bench{i}", "event": "response.completed", "body": body(i)}),
                now, now) for i in range(n)])
c.commit()
PY

# The reference first (its lines have no webhook-id).
python3 - "$sink_url" "$REFERENCE" "$work/curl.cfg" <<'PY'
import sys
url, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    for _ in range(n):
        f.write(f'url = "{url}"\noutput = "/dev/null"\n')
PY
echo "bench: reference, $REFERENCE sequential curl POSTs to the sink" >&2
ref_start=$(date +%s.%N)
curl -s -H "Content-Type: application/json" --data-binary @"$work/body.json" --config "$work/curl.cfg"
ref_end=$(date +%s.%N)

echo "bench: $MESSAGES webhook deliveries" >&2
start_server
for _ in $(seq 1200); do
  [[ $(awk -F'\t' '$2 != ""' "$work/received.tsv" | wc -l) -ge $MESSAGES ]] && break
  sleep 0.5
done
stop_server

mkdir -p results
python3 - "$work/received.tsv" "$MESSAGES" "$REFERENCE" "$ref_start" "$ref_end" <<'PY' >results/webhooks.json
import datetime, json, os, platform, sys
log, n, ref_n, ref_start, ref_end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
rows = [line.rstrip("\n").split("\t") for line in open(log)]
hooks = [(int(ms), wid, ok == "1") for ms, wid, ok in rows if wid]
ref_rows = [r for r in rows if not r[1]]
ids = {wid for _, wid, _ in hooks}
span = (max(ms for ms, _, _ in hooks) - min(ms for ms, _, _ in hooks)) / 1000 if len(hooks) > 1 else 0
per_s = round((len(hooks) - 1) / span, 1) if span else None
ref_s = ref_end - ref_start
ref_per_s = round(ref_n / ref_s, 1)
print(json.dumps({
  "benchmark": "webhook_deliveries",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "store": "sqlite (WAL, synchronous=FULL)",
  "deliveries": {"messages": n, "received": len(hooks), "distinct_webhook_ids": len(ids),
                 "signatures_verified": sum(ok for _, _, ok in hooks),
                 "seconds_first_to_last": round(span, 3), "per_s": per_s,
                 "per_message": "sign, resolve and pin, POST (new connection), settle with its log row in one durable transaction"},
  "reference": {"tool": "curl, one process POSTing the same body sequentially, a new connection each (the sink closes it)",
                "requests": len(ref_rows), "seconds": round(ref_s, 3), "per_s": ref_per_s},
  "ratio_to_reference": round(per_s / ref_per_s, 3) if per_s else None,
}, indent=2))
PY
cat results/webhooks.json
