#!/usr/bin/env bash
# Post-call feedback from a live Asterisk queue_log (issue 13), on SQLite:
#  - a generated CRM of BENCH_CRM_CONTACTS contacts (default 2,000) whose phones are written in
#    ten forms (0912…, 912…, +98…, 0098…, 98…, Persian and Arabic digits, spaces, dashes,
#    "+98 (0) …"), imported with `nazar import contacts`;
#  - a queue_log written live at BENCH_CALLS_PER_S calls a second (default 50) for
#    BENCH_SECONDS seconds (default 20): each call's ENTERQUEUE, CONNECT and COMPLETECALLER
#    lines at their moment, 90% of callers from the CRM (their caller id in another form than
#    the CRM's), 10% strangers;
#  - `nazar import interactions --format queue_log --follow` following it (--poll-ms
#    BENCH_POLL_MS, default 200) beside `nazar serve` and a real SMTP sink on loopback;
#    a call rule (the call defaults, but asked at once: delay 0, no quiet hours, no cap);
# and reports: the matched-caller rate (calls from CRM numbers whose interaction is the CRM
# contact) and the latency from each call's end event written to the file to its invitation
# received by the SMTP sink, p50/p90/p99.
# Usage: bench/post_call.sh path/to/nazar [path/to/smtp_sink]  -> bench/results/post_call.json
NAZAR=$(realpath "$1")
SINK=$(realpath "${2:-$(dirname "$NAZAR")/../../tests/support/smtp_sink}")
CONTACTS=${BENCH_CRM_CONTACTS:-2000}
RATE=${BENCH_CALLS_PER_S:-50}
SECONDS_LIVE=${BENCH_SECONDS:-20}
POLL_MS=${BENCH_POLL_MS:-200}
cd "$(dirname "$0")"
source ./lib.sh

sink_port=$(free_port)
"$SINK" --port "$sink_port" --log "$work/received.tsv" >/dev/null &
sink_pid=$!
follow_pid=""
trap '[[ -n "$follow_pid" ]] && kill $follow_pid 2>/dev/null; kill $sink_pid 2>/dev/null; cleanup' EXIT
start_server
base="http://127.0.0.1:$port/api/v1/orgs/1"
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
id_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
survey=$(curl -sf "${auth[@]}" -d '{"name":"after support","template":"post_support","languages":["fa","en"]}' \
  "$base/surveys" | id_of)
curl -sf "${auth[@]}" -X POST "$base/surveys/$survey/publish" >/dev/null
curl -sf "${auth[@]}" -X PUT -d '{"default_country":"IR"}' "$base/call-centre/settings" >/dev/null
curl -sf "${auth[@]}" -d '{"key":"q_600","channel":"phone","name":{"fa":"پشتیبانی","en":"Support"}}' \
  "$base/touchpoints" >/dev/null
curl -sf "${auth[@]}" -X PUT -d "{\"smtp\":{\"host\":\"127.0.0.1\",\"port\":$sink_port,\"tls\":\"none\",\"from_address\":\"cx@bench.example\",\"from_name\":\"باشگاه مشتریان\"}}" \
  "$base/channel-settings" >/dev/null
rule=$(curl -sf "${auth[@]}" -d "{\"name\":\"after calls\",\"survey_id\":$survey,\"touchpoint\":\"q_600\",\"delivery\":\"email\",\"delay_s\":0,\"quiet_hours\":null,\"frequency_cap_days\":0,\"latest_call_only\":false}" \
  "$base/trigger-rules")

# The CRM and the calls (who calls when, in which form), decided up front.
python3 - "$CONTACTS" "$RATE" "$SECONDS_LIVE" "$work" <<'PY'
import json, random, sys
contacts, rate, seconds, work = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(13)
persian, arabic = "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"
def written(nsn, form):
    return ["0" + nsn, nsn, "+98" + nsn, "0098" + nsn, "98" + nsn,
            "".join(persian[int(c)] for c in "0" + nsn), "".join(arabic[int(c)] for c in "0" + nsn),
            f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}", f"0{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}",
            f"+98 (0) {nsn[:3]} {nsn[3:]}"][form]
used, numbers = set(), []
def fresh():
    while True:
        nsn = f"91{random.randrange(10)}{random.randrange(10**7):07d}" if random.random() < 0.8 else f"21{random.randrange(10**8):08d}"
        if nsn not in used:
            used.add(nsn)
            return nsn
with open(f"{work}/crm.csv", "w") as crm:
    crm.write("external_id,email,phone\n")
    for i in range(contacts):
        numbers.append(fresh())
        crm.write(f'crm-{i},c{i}@bench.example,"{written(numbers[-1], i % 10)}"\n')
strangers = [fresh() for _ in range(max(1, contacts // 20))]
calls = []
for n in range(rate * seconds):
    if random.random() < 0.9:
        who = random.randrange(contacts)
        form = random.randrange(5)
        if form == who % 10:
            form = (form + 1) % 5
        calls.append({"id": f"bench.{n}", "caller": written(numbers[who], form), "crm": who})
    else:
        nsn = random.choice(strangers)
        calls.append({"id": f"bench.{n}", "caller": written(nsn, random.randrange(5)), "crm": None, "nsn": nsn})
json.dump(calls, open(f"{work}/calls.json", "w"))
PY
"$NAZAR" import contacts --db "$db" --org 1 --file "$work/crm.csv" >/dev/null

: > "$work/queue_log"
"$NAZAR" import interactions --db "$db" --org 1 --format queue_log --follow "$work/queue_log" \
  --checkpoint "$work/queue_log.checkpoint" --poll-ms "$POLL_MS" 2>"$work/follow.log" &
follow_pid=$!
sleep 1

# The switch: each call enters, is answered 2 s later and ends after 25 s of talk; the end
# lines are written at their moment (wall clock, ms) and their times kept.
echo "bench: $((RATE * SECONDS_LIVE)) calls at $RATE/s into a live queue_log" >&2
python3 - "$work" "$RATE" <<'PY'
import heapq, json, sys, time
work, rate = sys.argv[1], int(sys.argv[2])
calls = json.load(open(f"{work}/calls.json"))
start = time.time() + 0.2
events = []
for n, c in enumerate(calls):
    t = start + n / rate
    heapq.heappush(events, (t, 0, n, "ENTERQUEUE"))
    heapq.heappush(events, (t + 2, 1, n, "CONNECT"))
    heapq.heappush(events, (t + 27, 2, n, "COMPLETECALLER"))
ends = {}
with open(f"{work}/queue_log", "a", buffering=1) as log:
    while events:
        t, _, n, event = heapq.heappop(events)
        delay = t - time.time()
        if delay > 0:
            time.sleep(delay)
        c, epoch = calls[n], int(t)
        member = f"SIP/{8000 + n % 40}"
        if event == "ENTERQUEUE":
            line = f"{epoch}|{c['id']}|600|NONE|ENTERQUEUE||{c['caller']}|1"
        elif event == "CONNECT":
            line = f"{epoch}|{c['id']}|600|{member}|CONNECT|2|{c['id']}.b|2"
        else:
            line = f"{epoch}|{c['id']}|600|{member}|COMPLETECALLER|2|25|1"
        log.write(line + "\n")
        log.flush()
        if event == "COMPLETECALLER":
            ends[c["id"]] = int(time.time() * 1000)
json.dump(ends, open(f"{work}/ends.json", "w"))
PY

# Every invitation received (or 60 s): one per call from a CRM number (strangers have no
# e-mail address: theirs are suppressed), then the follower stops.
total=$(python3 -c 'import json,sys; print(sum(c["crm"] is not None for c in json.load(open(sys.argv[1]))))' "$work/calls.json")
for _ in $(seq 240); do
  got=$(wc -l < "$work/received.tsv" 2>/dev/null || echo 0)
  [[ "$got" -ge "$total" ]] && break
  sleep 0.25
done
kill -TERM "$follow_pid"; wait "$follow_pid" || true; follow_pid=""

mkdir -p results
python3 - "$work" "$RATE" "$SECONDS_LIVE" "$POLL_MS" "$CONTACTS" > results/post_call.json <<'PY'
import datetime, json, os, platform, sqlite3, sys
work, rate, seconds, poll_ms, contacts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
db = sqlite3.connect(f"{work}/nazar.db")
calls = {c["id"]: c for c in json.load(open(f"{work}/calls.json"))}
ends = json.load(open(f"{work}/ends.json"))
owner = dict(db.execute("SELECT i.reference, c.external_id FROM interactions i JOIN contacts c ON c.id = i.contact_id"))
crm_calls = [c for c in calls.values() if c["crm"] is not None]
matched = sum(1 for c in crm_calls if owner.get(c["id"]) == f"crm-{c['crm']}")
stranger_contacts = db.execute("SELECT COUNT(*) FROM contacts WHERE external_id NOT LIKE 'crm-%'").fetchone()[0]
strangers = len({c["nsn"] for c in calls.values() if c["crm"] is None})
token_call = dict(db.execute("SELECT v.token, i.reference FROM invitations v JOIN interactions i ON i.id = v.interaction_id"))
lat, seen = [], set()
for line in open(f"{work}/received.tsv"):
    ms, mid = line.rstrip("\n").split("\t")
    token = mid.strip("<>").split(".")[0]
    call = token_call.get(token)
    if call in ends and token not in seen:
        seen.add(token)
        lat.append(int(ms) - ends[call])
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else None
print(json.dumps({
  "benchmark": "post_call_feedback",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "store": "sqlite (WAL, synchronous=FULL)",
  "setup": {"crm_contacts": contacts, "calls": len(calls), "calls_per_s": rate, "seconds": seconds,
            "follow_poll_ms": poll_ms, "dispatcher_idle_poll_ms": 1000,
            "phone_forms_crm": 10, "phone_forms_caller_id": 5},
  "matching": {"calls_from_crm_numbers": len(crm_calls), "matched_to_their_crm_contact": matched,
               "matched_rate": round(matched / len(crm_calls), 4) if crm_calls else None,
               "distinct_strangers": strangers, "contacts_made_for_strangers": stranger_contacts,
               "contacts_total": db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]},
  "end_event_to_invitation_received_ms": {
      "invitations_received": len(lat), "p50": pct(50), "p90": pct(90), "p99": pct(99),
      "max": lat[-1] if lat else None},
  "note": "From the COMPLETECALLER line written to the file to the e-mail received by the SMTP sink: the follower's poll, the import (matching the caller), the rule, the invitation's outbox row, then the server's dispatcher (a separate process: it finds rows written by others within its idle poll of 1 s) and SMTP.",
}, indent=2, ensure_ascii=False))
PY
cat results/post_call.json
