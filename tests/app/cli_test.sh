#!/usr/bin/env bash
# The nazar command end to end: version, config precedence (flag > NAZAR_* > default),
# exit codes and field-naming errors, user/apikey creation, serve, and a graceful SIGTERM.
# Usage: cli_test.sh path/to/nazar
set -uo pipefail
NAZAR=$1
work=$(mktemp -d)
server_pid=""
trap '[[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
passed=0; failed=0
check() {  # description, command...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $what"; fi
}

out=$("$NAZAR" version); check "version prints the version" grep -q '^nazar [0-9]' <<<"$out"
"$NAZAR" --help >/dev/null; check "--help exits 0" test $? -eq 0

# Environment gives the database; a flag overrides it.
NAZAR_DB="sqlite:$work/env.db" "$NAZAR" migrate >/dev/null
check "NAZAR_DB is honoured" test -f "$work/env.db"
NAZAR_DB="sqlite:$work/env.db" "$NAZAR" migrate --db "sqlite:$work/flag.db" >/dev/null
check "--db wins over NAZAR_DB" test -f "$work/flag.db"
export NAZAR_DB="sqlite:$work/nazar.db"

err=$("$NAZAR" migrate --db "mysql://nope" 2>&1); rc=$?
check "unknown database URL exits 2" test $rc -eq 2
check "and names the db field" grep -q "field: db" <<<"$err"

err=$(NAZAR_PASSWORD=long-enough "$NAZAR" user create --email not-an-email --name X 2>&1); rc=$?
check "bad email exits 2" test $rc -eq 2
check "and names the email field" grep -q "field: email" <<<"$err"
err=$(echo short | "$NAZAR" user create --email a@example.com --name A --password-stdin 2>&1); rc=$?
check "short password is refused naming the field" grep -q "field: password" <<<"$err"

out=$(echo 'a-long-password' | "$NAZAR" user create --email Ada@Example.com --name Ada \
  --org "Ada's shop" --password-stdin); rc=$?
check "user create succeeds" test $rc -eq 0
check "and creates the organisation" grep -q 'created organisation 1' <<<"$out"
err=$(echo 'a-long-password' | "$NAZAR" user create --email ada@example.com --name Ada2 --password-stdin 2>&1); rc=$?
check "duplicate email exits non-zero" test $rc -ne 0
check "and says it exists" grep -q "already_exists" <<<"$err"

key=$("$NAZAR" apikey create --org 1 --name ci --role analyst 2>/dev/null)
check "apikey create prints a key" grep -q '^nzk_' <<<"$key"
err=$("$NAZAR" apikey create --org 1 --name ci --role root 2>&1); rc=$?
check "bad role exits 2 naming the field" grep -q "field: role" <<<"$err"
err=$("$NAZAR" apikey create --org 999 --name ci 2>&1); rc=$?
check "unknown organisation is not_found" grep -q "not_found" <<<"$err"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
NAZAR_LISTEN="127.0.0.1:$port" "$NAZAR" serve >"$work/access.log" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
check "serve listens on NAZAR_LISTEN" curl -sf "http://127.0.0.1:$port/readyz" -o /dev/null
check "serve makes the key that seals secrets at rest beside the database (32 bytes, mode 600)" \
  test "$(stat -c '%s %a' "$work/secret.key")" = "32 600"
body=$(curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/orgs/1")
check "the key reads its organisation" grep -q "Ada's shop" <<<"$body"
login=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d '{"email":"ada@example.com","password":"a-long-password"}' "http://127.0.0.1:$port/api/v1/session")
check "the user signs in" grep -q '"csrf_token"' <<<"$login"
check "the sign-in page is served" curl -sf "http://127.0.0.1:$port/" -o /dev/null
check "access log is JSON lines" python3 -c "import json,sys; [json.loads(l) for l in open('$work/access.log')]"

kill -TERM "$server_pid"
for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
wait "$server_pid"; rc=$?; server_pid=""
check "SIGTERM stops the server with exit 0" test $rc -eq 0
check "and it says so" grep -q "stopped" "$work/server.log"
printf 'short' > "$work/bad.key"
err=$("$NAZAR" serve --listen 127.0.0.1:0 --secret-file "$work/bad.key" 2>&1); rc=$?
check "a secret file that is not 32 bytes exits 2 naming it" grep -q "field: secret_file" <<<"$err"

# analyze dfg / erlang: the published figures of ../shared/data/README.md, offline.
shared_data="$(cd "$(dirname "$0")/../../.." && pwd)/shared/data"
out=$("$NAZAR" analyze dfg --csv "$shared_data/journey/running-example.csv" --case case:concept:name \
  --activity concept:name --timestamp time:timestamp --json); rc=$?
check "analyze dfg exits 0" test $rc -eq 0
check "analyze dfg reproduces the running example" python3 -c '
import json, sys
g = json.loads(sys.argv[1])
arcs = {(a["from"], a["to"]): a["count"] for a in g["arcs"]}
assert (g["cases"], g["events"], len(arcs), sum(arcs.values())) == (6, 42, 16, 36), g
assert g["arcs"][0] == {"from": "check ticket", "to": "decide", "count": 6}
assert arcs[("examine casually", "check ticket")] == 4 and arcs[("register request", "examine casually")] == 3
assert g["start"] == {"register request": 6} and g["end"] == {"pay compensation": 3, "reject request": 3}
' "$out"
printf 'case,activity,time\nc1,a,2024-01-01T10:00:00Z\nc1,b,not a time\n' >"$work/bad-events.csv"
err=$("$NAZAR" analyze dfg --csv "$work/bad-events.csv" --case case --activity activity --timestamp time 2>&1); rc=$?
check "analyze dfg: a bad timestamp exits 2" test $rc -eq 2
check "and names its line" grep -q "field: line 3" <<<"$err"
err=$("$NAZAR" analyze dfg --csv "$work/bad-events.csv" --case nope --activity activity --timestamp time 2>&1); rc=$?
check "analyze dfg: a missing column exits 2 naming the flag" grep -q "field: --case" <<<"$err"
out=$("$NAZAR" analyze erlang --calls 100 --interval-min 30 --aht-s 180 --target-sl 0.8 --target-answer-s 20 --json)
check "analyze erlang finds the fewest agents (14)" python3 -c '
import json, sys
f = json.loads(sys.argv[1])
assert f["agents"] == 14 and round(f["service_level"], 5) == 0.88835, f
assert round(f["p_wait"], 7) == 0.1741319 and round(f["occupancy"], 7) == 0.7142857, f
' "$out"
out=$("$NAZAR" analyze erlang --calls 360 --interval-min 30 --aht-s 240 --agents 55 --json)
check "analyze erlang --agents gives that staffing's figures" python3 -c '
import json, sys
f = json.loads(sys.argv[1])
assert f["agents"] == 55 and round(f["p_wait"], 4) == 0.2387 and round(f["asa_s"], 2) == 8.18, f
assert round(f["service_level"], 4) == 0.8668, f
' "$out"
err=$("$NAZAR" analyze erlang --calls 100 --aht-s -3 2>&1); rc=$?
check "analyze erlang: bad input exits 2 naming the flag" test $rc -eq 2
check "and names --aht-s" grep -q "field: --aht-s" <<<"$err"

# analyze sentiment: one JSON object per input line, in order, Persian and English.
out=$(printf '%s\n' 'The delivery was fast and the courier was very polite.' \
  'اصلاً راضی نیستم، بسته دیر رسید' 'Delivery was super fast, but the delivery fee is far too high.' \
  'ارسال خیلی سریع بود، ممنون' | "$NAZAR" analyze sentiment)
check "analyze sentiment labels fa/en lines in order" python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
assert [(r["lang"], r["label"]) for r in rows] == [("en", "positive"), ("fa", "negative"),
    ("en", "mixed"), ("fa", "positive")], rows
assert all(-1 <= r["score"] <= 1 for r in rows) and "delivery" in rows[0]["topics"], rows
' "$out"
err=$(echo hi | "$NAZAR" analyze sentiment --lang de 2>&1); rc=$?
check "analyze sentiment: a bad --lang exits 2 naming it" test $rc -eq 2
check "and names --lang" grep -q "field: --lang" <<<"$err"
# analyze drivers reproduces the published LMG of R's swiss data (Grömping 2006).
swiss=$(dirname "$0")/../../../shared/data/drivers/swiss.csv
out=$("$NAZAR" analyze drivers --csv "$swiss" --outcome Fertility --bootstrap 100 --seed 7 --json)
check "analyze drivers reproduces the published LMG on swiss.csv" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
d = {x["name"]: x for x in r["drivers"]}
assert r["n"] == 47 and round(r["r2"], 4) == 0.7067 and r["missing"] == "listwise", r
lmg = {"Agriculture": 0.057091, "Examination": 0.171173, "Education": 0.260135,
       "Catholic": 0.105570, "Infant.Mortality": 0.112766}
share = {"Agriculture": 0.08078165, "Examination": 0.24220256, "Education": 0.36807952,
         "Catholic": 0.14937728, "Infant.Mortality": 0.15955899}
for name in lmg:
    assert round(d[name]["lmg"], 6) == lmg[name], (name, d[name])
    assert round(d[name]["lmg_share"], 8) == share[name], (name, d[name])
    assert d[name]["ci_low"] <= d[name]["lmg_share"] <= d[name]["ci_high"], d[name]
' "$out"
err=$("$NAZAR" analyze drivers --csv "$swiss" --outcome Fertility --drivers Agriculture,Nope 2>&1); rc=$?
check "analyze drivers: an unknown column exits 2 naming it" test $rc -eq 2
check "and names the column" grep -q 'column "Nope"' <<<"$err"

# analyze clv reproduces the published CDNOW fits (Fader, Hardie & Lee 2005; Fader & Hardie's
# Gamma-Gamma note) from the transactions, and names what is wrong in bad input.
cdnow="$shared_data/cdnow"
out=$("$NAZAR" analyze clv --transactions "$cdnow/CDNOW_sample.txt" --format cdnow \
  --calibration-end 1997-09-30 --horizon-weeks 39 --out "$work/clv.csv" --json); rc=$?
check "analyze clv exits 0" test $rc -eq 0
check "analyze clv reproduces BG/NBD and Gamma-Gamma on CDNOW" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert list(r)[:5] == ["model", "customers", "params", "se", "log_likelihood"], list(r)
p = r["params"]
assert r["model"] == "bgnbd" and r["customers"] == 2357, r
for k, v in {"r": 0.2425945, "alpha": 4.4136019, "a": 0.7929199, "b": 2.4258881}.items():
    assert abs(p[k] - v) < 5e-5 * max(1, v), (k, p[k])
assert abs(r["log_likelihood"] + 9582.429) < 1e-3, r["log_likelihood"]
assert all(r["se"][k] > 0 for k in p), r["se"]
g = r["spend"]
assert g["customers"] == 946 and abs(g["log_likelihood"] + 4055.92) < 5e-3, g
for k, v in {"p": 6.25, "q": 3.74, "gamma": 15.44}.items():
    assert abs(g["params"][k] - v) < 5e-3, (k, g["params"])
' "$out"
check "analyze clv --out has a row per customer; customer 1 expects 1.226 purchases in 39 weeks" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2357, len(rows)
one = next(r for r in rows if r["customer_id"] == "0001")
assert one["frequency"] == "2" and abs(float(one["expected_purchases"]) - 1.226) < 5e-4, one
assert all(0 <= float(r["p_alive"]) <= 1 and float(r["clv"]) >= 0 for r in rows)
' "$work/clv.csv"
out=$("$NAZAR" analyze clv --transactions "$cdnow/CDNOW_sample.txt" --format cdnow \
  --calibration-end 1997-09-30 --model pareto --json)
check "analyze clv --model pareto reproduces the published Pareto/NBD fit" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
p = r["params"]
assert r["model"] == "pareto", r
for k, v in {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}.items():
    assert round(p[k], 3) == v, (k, p[k])
assert abs(r["log_likelihood"] + 9594.976) < 1e-3, r["log_likelihood"]
' "$out"
# The same transactions as CSV (customer_id,date,amount) give the same Gamma-Gamma fit.
awk 'BEGIN { print "customer_id,date,amount" } { sub(/\r$/, ""); print $2 "," $3 "," $5 }' \
  "$cdnow/CDNOW_sample.txt" >"$work/cdnow.csv"
out=$("$NAZAR" analyze clv --transactions "$work/cdnow.csv" --calibration-end 1997-09-30 --model gg --json)
check "analyze clv --format csv --model gg fits Gamma-Gamma on the 946 repeat buyers" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["model"] == "gg" and r["customers"] == 946, r
assert abs(r["log_likelihood"] + 4055.92) < 5e-3 and round(r["mean_spend"], 2) == 35.17, r
' "$out"
out=$("$NAZAR" analyze clv --transactions "$cdnow/CDNOW_master.txt" --format cdnow \
  --calibration-end 1997-09-30 --json)
check "analyze clv fits the 23,570 customers of CDNOW_master" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["customers"] == 23570 and r["log_likelihood"] < 0 and r["clv_total"] > 0, r
' "$out"
printf 'customer_id,date,amount\nc1,2026-01-01,10\nc1,2026-01-09,-4\n' >"$work/neg.csv"
err=$("$NAZAR" analyze clv --transactions "$work/neg.csv" --calibration-end 2026-06-30 2>&1); rc=$?
check "analyze clv: a negative amount exits 2 naming the line" test $rc -eq 2
check "and says line 3 is negative" grep -q "line 3: amount -4 is negative" <<<"$err"
printf 'customer_id,date,amount\nc1,2026-01-01,ten\n' >"$work/nan.csv"
err=$("$NAZAR" analyze clv --transactions "$work/nan.csv" --calibration-end 2026-06-30 2>&1)
check "analyze clv: a non-numeric amount names line 2" grep -q 'line 2: amount "ten" is not a number' <<<"$err"
printf 'customer_id,date,amount\nc1,2026-02-30,1\n' >"$work/date.csv"
err=$("$NAZAR" analyze clv --transactions "$work/date.csv" --calibration-end 2026-06-30 2>&1)
check "analyze clv: a date that does not exist names line 2" grep -q 'line 2: date "2026-02-30" does not exist' <<<"$err"
err=$("$NAZAR" analyze clv --transactions "$work/cdnow.csv" --calibration-end 1996-12-31 2>&1); rc=$?
check "analyze clv: a calibration end before the data exits 2 naming the flag" test $rc -eq 2
check "and says where the data begin" grep -q "before the first transaction (1997-01-01).*field: --calibration-end" <<<"$err"
err=$("$NAZAR" analyze clv --transactions "$work/cdnow.csv" --calibration-end 1997-09-31 2>&1); rc=$?
check "analyze clv: a bad calibration end exits 2 naming the flag" grep -q "field: --calibration-end" <<<"$err"
err=$("$NAZAR" analyze clv --transactions "$work/cdnow.csv" --calibration-end 1997-09-30 --discount-rate x 2>&1); rc=$?
check "analyze clv: a bad --discount-rate exits 2 naming it" grep -q "field: --discount-rate" <<<"$err"

# import: contacts and interactions from files, all or nothing, with a dry run.
idb="sqlite:$work/import.db"
"$NAZAR" user create --db "$idb" --email imp@example.com --name Imp --org "Importer" --password "import-password" >/dev/null
printf 'external_id,email,phone\nc1,a@x.ir,09121234567\nc2,not-an-email,\nc3,c@x.ir,12\n' >"$work/contacts.csv"
out=$("$NAZAR" import contacts --db "$idb" --org 1 --file "$work/contacts.csv" 2>&1); rc=$?
check "import contacts with bad rows exits 2" test $rc -eq 2
check "and names every bad line" grep -q "line 3.email" <<<"$out"
check "and the phone on line 4" grep -q "line 4.phone" <<<"$out"
check "and writes nothing" grep -q "nothing written" <<<"$out"
printf 'external_id,email\nc1,a@x.ir\nc2,b@x.ir\n' >"$work/contacts.csv"
out=$("$NAZAR" import contacts --db "$idb" --org 1 --file "$work/contacts.csv" --dry-run 2>&1); rc=$?
check "a clean dry run exits 0 and writes nothing" grep -q "2 new, 0 updated; 0 bad; dry run" <<<"$out"
out=$("$NAZAR" import contacts --db "$idb" --org 1 --file "$work/contacts.csv" 2>&1); rc=$?
check "import contacts writes them" grep -q "2 new, 0 updated; 0 bad; written" <<<"$out"
printf '1709280010|1709280010.11|support|NONE|ENTERQUEUE||09121234567|1\n1709280022|1709280010.11|support|SIP/8001|CONNECT|12|1709280022.14|4\n1709280200|1709280010.11|support|SIP/8001|COMPLETECALLER|12|178|1\n' >"$work/queue_log"
out=$("$NAZAR" import interactions --db "$idb" --org 1 --file "$work/queue_log" --format queue_log 2>&1); rc=$?
check "import interactions reads Asterisk's queue_log" grep -q "1 new, 0 already there; 0 bad; written" <<<"$out"
out=$("$NAZAR" import interactions --db "$idb" --org 1 --file "$work/queue_log" --format queue_log 2>&1); rc=$?
check "and a second import adds nothing" grep -q "0 new, 1 already there" <<<"$out"
out=$("$NAZAR" import interactions --db "$idb" --org 1 --file "$work/queue_log" --format queue_log --dry-run 2>&1)
check "the import reports its callers" grep -q "callers: 1 matched to contacts, 0 not in the contacts" <<<"$out"

# --follow: a growing queue_log, each call imported when it ends, stopped by SIGTERM.
: >"$work/live_log"
"$NAZAR" import interactions --db "$idb" --org 1 --format queue_log --follow "$work/live_log" \
  --checkpoint "$work/live.checkpoint" --metrics-file "$work/live.prom" --poll-ms 100 2>"$work/follow.err" &
fpid=$!
printf '1709290010|live.1|support|NONE|ENTERQUEUE||+989121234567|1\n' >>"$work/live_log"
sleep 0.5
printf '1709290015|live.1|support|SIP/8001|CONNECT|5|live.1.b|1\n1709290100|live.1|support|SIP/8001|COMPLETECALLER|5|85|1\n' >>"$work/live_log"
live_calls() {
  python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM interactions WHERE reference = '"'"'live.1'"'"'").fetchone()[0])' "$work/import.db"
}
for _ in $(seq 50); do [[ "$(live_calls)" == 1 ]] && break; sleep 0.1; done
kill -TERM "$fpid"; wait "$fpid"; rc=$?
check "--follow imports a call of a growing queue_log when it ends" test "$(live_calls)" = 1
check "--follow stops on SIGTERM with 0" test $rc -eq 0
check "--follow keeps its place in the checkpoint" grep -q '"offset"' "$work/live.checkpoint"
check "--follow counts the calls in its metrics file" grep -q '^nazar_queue_log_calls_imported_total 1$' "$work/live.prom"

# outbox: dead letters listed and replayed from the command line.
python3 - "$work/import.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO outbox (org_id, topic, key, payload, state, due_ms, attempts, last_error, "
           "created_ms, done_ms) VALUES (1, 'webhook.deliver', 'w-1', '{}', 'dead', 0, 8, '503 busy', 0, 1)")
db.commit()
PY
out=$("$NAZAR" outbox list --db "$idb" --org 1 --state dead 2>&1); rc=$?
check "outbox list shows the dead letter" grep -q "webhook.deliver .*w-1 .*dead .*503 busy" <<<"$out"
id=$("$NAZAR" outbox list --db "$idb" --org 1 --state dead --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
out=$("$NAZAR" outbox replay --db "$idb" --org 1 --id "$id" 2>&1); rc=$?
check "outbox replay exits 0" test $rc -eq 0
check "and the message is pending again" grep -q "w-1 .*pending" <<<"$("$NAZAR" outbox list --db "$idb" --org 1 --key w-1)"
err=$("$NAZAR" outbox replay --db "$idb" --org 1 --id "$id" 2>&1); rc=$?
check "replaying it again is refused naming the field" grep -q "field: id" <<<"$err"
err=$("$NAZAR" outbox replay --db "$idb" --org 2 --id "$id" 2>&1); rc=$?
check "another organisation's message is not_found" grep -q "not_found" <<<"$err"

# text enrich: comments stored before analysis ran on ingestion are analysed in bulk.
tdb="$work/text.db"
"$NAZAR" demo --db "sqlite:$tdb" --responses 600 --days 30 >/dev/null 2>&1
comments() {  # prints "<comments> <analysed with a label and a topic>" of the demo database
  python3 - "$tdb" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
text = {(s, v): [q["id"] for q in json.loads(d)["questions"] if q["type"] == "text"]
        for s, v, d in db.execute("SELECT survey_id, version, definition FROM survey_versions")}
n = tagged = 0
for s, v, answers, meta in db.execute("SELECT survey_id, version, answers, meta FROM responses"):
    answers, analysis = json.loads(answers), json.loads(meta).get("text", {})
    for q in text[(s, v)]:
        if q in answers:
            n += 1
            tagged += q in analysis and bool(analysis[q]["label"]) and bool(analysis[q]["topics"])
print(n, tagged)
PY
}
read -r n tagged <<<"$(comments)"
check "the demo's comments are analysed as they are made" test "$n" -gt 100 -a "$tagged" -eq "$n"
python3 -c '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i, meta in db.execute("SELECT id, meta FROM responses").fetchall():
    m = json.loads(meta); m.pop("text", None)
    db.execute("UPDATE responses SET meta = ? WHERE id = ?", (json.dumps(m), i))
db.commit()' "$tdb"
read -r n tagged <<<"$(comments)"
check "history without analyses" test "$tagged" -eq 0
out=$("$NAZAR" text enrich --db "sqlite:$tdb" --org 1 2>&1); rc=$?
check "text enrich exits 0" test $rc -eq 0
check "and reports the comments analysed and the rate" grep -qE "600 responses read, $n comments analysed, $n responses updated .*comments/s" <<<"$out"
check "with a progress bar" grep -q "enrich \[" <<<"$out"
read -r n tagged <<<"$(comments)"
check "every comment now has a label and a topic" test "$tagged" -eq "$n"
out=$("$NAZAR" text enrich --db "sqlite:$tdb" --org 1 2>&1)
check "a second run has nothing left to do" grep -q "0 comments analysed, 0 responses updated" <<<"$out"
out=$("$NAZAR" text enrich --db "sqlite:$tdb" --org 1 --survey 1 --force 2>&1)
check "--force analyses one survey's comments again, unchanged" grep -qE "[1-9][0-9]* comments analysed, 0 responses updated" <<<"$out"
err=$("$NAZAR" text enrich --db "sqlite:$tdb" --org 7 2>&1); rc=$?
check "text enrich: an unknown organisation exits 1, not_found" test $rc -eq 1
check "and says so" grep -q "not_found" <<<"$err"
"$NAZAR" text enrich --db "sqlite:$tdb" >/dev/null 2>&1; rc=$?
check "text enrich: --org is required" test $rc -ne 0

# text train: the label classifier, from a labelled CSV file (DeepSentiPers' Persian
# sentences with their polarity as if analysts had tagged them) or from the tags.
shared=$(cd "$(dirname "$0")/../../.." && pwd)/shared/data
python3 - "$shared/sentiment/deepsentipers-train.csv" "$work/labelled.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["comment", "tags"])
    for text, label in rows[:3000]:
        v = int(label)
        w.writerow([text, "negative" if v < 0 else "positive" if v > 0 else "neutral"])
PY
out=$("$NAZAR" text train --db "sqlite:$tdb" --csv "$work/labelled.csv" --text comment --label tags --dry-run --json 2>&1); rc=$?
check "text train --dry-run --json exits 0" test $rc -eq 0
check "and its held-out accuracy beats always answering the commonest label" python3 -c '
import json, sys
e = json.loads(sys.argv[1])
assert e["saved"] is False and e["examples"] == 3000 and e["test"] == 600, e
assert e["accuracy"] > e["majority_baseline"] + 0.1, e
assert [l["label"] for l in e["labels"]] == ["negative", "neutral", "positive"], e
' "$out"
check "and saves nothing" test -z "$(sqlite3 "$tdb" "SELECT classifier FROM text_settings WHERE org_id = 1 AND classifier != ''")"
out=$("$NAZAR" text train --db "sqlite:$tdb" --org 1 --csv "$work/labelled.csv" --text comment --label tags 2>&1); rc=$?
check "text train --org saves the classifier" test $rc -eq 0 -a -n "$(sqlite3 "$tdb" "SELECT trained_ms FROM text_settings WHERE org_id = 1 AND classifier != ''")"
check "with a progress bar and a table per label" grep -qE "train \[.*|^positive +[0-9]+ +[0-9]+ +0\.[0-9]{3}" <<<"$out"
check "and says where it goes" grep -q "saved; new comments are tagged with it" <<<"$out"
err=$("$NAZAR" text train --db "sqlite:$tdb" --org 1 2>&1); rc=$?
check "text train from no tags exits 2 naming labels" test $rc -eq 2
check "and says so" grep -q "field: labels" <<<"$err"
err=$("$NAZAR" text train --db "sqlite:$tdb" --csv "$work/labelled.csv" --text comment --label nope --dry-run 2>&1); rc=$?
check "a missing column is named" grep -q "field: --label" <<<"$err"
err=$("$NAZAR" text train --db "sqlite:$tdb" --csv "$work/labelled.csv" 2>&1); rc=$?
check "saving needs --org" grep -q "field: --org" <<<"$err"

# text evaluate: no database, every set the project carries (the published ones beside the
# repository, as text_test reads them).
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "$work" && "$NAZAR" text evaluate --data "$repo/../shared/data/sentiment" \
      --topics "$repo/tests/data/text/topic_comments.tsv" \
      --topic-sentiment "$repo/tests/data/text/topic_sentiment.tsv" 2>&1); rc=$?
check "text evaluate succeeds" test $rc -eq 0
check "with the Persian held-out figures and a confusion matrix" \
  grep -qE "deepsentipers held-out \(1112 sentences" <<<"$out"
check "against the baseline and the previous model" grep -q "previous model (recorded)" <<<"$out"
check "and topic precision and recall per language" grep -qE "^topics, (fa|en) \(119 comments\)" <<<"$out"
check "and each topic's own sentiment on the mixed comments" \
  grep -qE "^sentiment per topic, (fa|en) \(20 comments, 40 topic labels\)" <<<"$out"
check "and opens no database" test ! -e "$work/data"
err=$("$NAZAR" text evaluate --data "$work/nowhere" 2>&1); rc=$?
check "a missing data folder is an error" test $rc -ne 0
check "that names the file" grep -q "cannot open" <<<"$err"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
