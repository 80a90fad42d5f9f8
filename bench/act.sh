#!/usr/bin/env bash
# Act under load, on both stores: ingestion through the public submit endpoint before and
# after an alert rule exists that opens a case (with an owner and a notification) for every
# detractor (NPS <= 6: 7 of the 11 scores wrk sends, so 64% of responses), each as a ratio to
# the /healthz ceiling measured in the same run. The alert, its case and the notification
# are written in the response's own transaction, so the latency from a response to its
# case being open and its owner notified is the submission's latency: its p50 / p99 are
# reported. Checks afterwards that every detractor sent after the rule has exactly one case.
# Usage: bench/act.sh path/to/nazar   -> bench/results/act.json
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
source ./lib.sh

measure() {
  local name=$1
  start_server
  local base auth survey url
  bench_survey_link
  local health before after
  health=$(run_wrk "$name healthz" -s wrk_json.lua "http://127.0.0.1:$port/healthz")
  before=$(SUBMIT_PREFIX=a run_wrk "$name responses, no alert rule" -s wrk_submit.lua "$url")
  sleep 1
  local first_phase
  first_phase=$(curl -sf "${auth[@]}" "$base/metrics?metric=nps&survey=$survey")
  curl -sf "${auth[@]}" -X PUT -d '{"assignment":{"default":[1]}}' "$base/act/settings" >/dev/null
  curl -sf "${auth[@]}" -d "{\"name\":\"detractors\",\"survey_id\":$survey,\"priority\":\"high\",
    \"conditions\":[{\"field\":\"answer.nps\",\"op\":\"<=\",\"value\":6}],
    \"notify\":{\"roles\":[\"owner\"],\"channels\":[\"in_app\"]}}" "$base/alert-rules" >/dev/null
  after=$(SUBMIT_PREFIX=b run_wrk "$name responses, detractors open cases" -s wrk_submit.lua "$url")
  sleep 1
  local check
  check=$(python3 - "$base" "$key" "$survey" "$first_phase" <<'PY'
import json, sys, urllib.request
base, key, survey, first = sys.argv[1:5]
def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + key})
    return json.load(urllib.request.urlopen(req))
# Responses sent after the rule (ids b…), and their detractors, by the metrics.
cases, cursor = 0, None
while True:
    page = get("/alerts?limit=200" + (f"&cursor={cursor}" if cursor else ""))
    cases += sum(1 for a in page["items"] if a["case_id"] is not None)
    cursor = page["next_cursor"]
    if not cursor: break
def detractors(report):
    def find(j):
        if isinstance(j, dict):
            if "detractors" in j and not isinstance(j["detractors"], (dict, list)): return j["detractors"]
            for v in j.values():
                r = find(v)
                if r is not None: return r
        return None
    o = report["overall"]
    return o["n"], round(find(o) * o["n"])
n1, d1 = detractors(json.loads(first))
n2, d2 = detractors(get(f"/metrics?metric=nps&survey={survey}"))
print(json.dumps({"responses_after_rule": n2 - n1, "detractors_after_rule": d2 - d1,
                  "cases_opened": cases, "one_case_per_detractor": cases == d2 - d1}))
PY
)
  stop_server
  python3 - "$name" "$health" "$before" "$after" "$check" <<'PY'
import json, sys
name, health, before, after, check = sys.argv[1], *(json.loads(a) for a in sys.argv[2:6])
print(json.dumps({
  "healthz": health, "without_rules": before, "with_rule": after, "check": check,
  "ratio_without_rules_to_healthz": round(before["requests_per_s"] / health["requests_per_s"], 3),
  "ratio_with_rule_to_healthz": round(after["requests_per_s"] / health["requests_per_s"], 3),
  "ratio_with_rule_to_without": round(after["requests_per_s"] / before["requests_per_s"], 3),
}))
PY
}

sqlite=$(measure sqlite)
use_postgres
postgres=$(measure postgresql)

mkdir -p results
python3 - "$sqlite" "$postgres" > results/act.json <<'PY'
import json, os, sys, datetime, platform
sqlite, postgres = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({
  "benchmark": "act_alerts_under_ingestion",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "load": {"tool": "wrk", "connections": int(os.environ.get("BENCH_CONNECTIONS", 64)),
           "duration": os.environ.get("BENCH_DURATION", "10s"), "same_machine": True},
  "reference": "GET /healthz on the same server in the same run (the HTTP ceiling), and the same ingestion without alert rules",
  "rule": "answer.nps <= 6 opens a case (owner by assignment) and notifies in the app: 7 of 11 responses",
  "stores": {"sqlite": sqlite, "postgresql": postgres},
}, indent=2))
PY
cat results/act.json
# Every detractor sent after the rule has exactly one case, on both stores.
python3 - <<'PY' || { echo "bench: act checks failed" >&2; exit 1; }
import json
r = json.load(open("results/act.json"))
for store, m in r["stores"].items():
    assert m["check"]["one_case_per_detractor"], (store, m["check"])
PY
