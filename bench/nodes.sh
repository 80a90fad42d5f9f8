#!/usr/bin/env bash
# Several nodes on one PostgreSQL (issue 17): durable responses/s through haproxy in front of
# two `nazar serve` nodes against one node alone, each as a ratio to the /healthz ceiling of
# the same path in the same run; then, after the load, whether every node's metrics view
# counts what the database holds (the change feed) and how long the last ones took to arrive.
# All on one machine: the nodes, PostgreSQL, haproxy and wrk share its cores, so two nodes
# cannot show a second machine's capacity; the figures say what the cluster costs.
# Usage: bench/nodes.sh path/to/nazar   -> bench/results/nodes.json
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
source ./lib.sh
use_postgres

# A second node on the same database.
port2=$(free_port)
(cd "$work" && exec "$NAZAR" serve --db "$db" --listen "127.0.0.1:$port2" --no-access-log) \
  2>"$work/server2.log" &
node2_pid=$!
start_server
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port2/readyz" >/dev/null && break; sleep 0.1; done
bench_survey_link
token=${url##*/links/}; token=${token%/responses}

lb_port=$(free_port)
cat > "$work/haproxy.cfg" <<CFG
global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend cx
  bind 127.0.0.1:$lb_port
  default_backend nodes
backend nodes
  balance roundrobin
  server node1 127.0.0.1:$port
  server node2 127.0.0.1:$port2
CFG
haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>"$work/haproxy.log" &
lb_pid=$!
trap 'kill $lb_pid $node2_pid 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$lb_port/readyz" >/dev/null && break; sleep 0.1; done

one_health=$(run_wrk "one node healthz" -s wrk_json.lua "http://127.0.0.1:$port/healthz")
one=$(SUBMIT_PREFIX=one run_wrk "one node, new responses" -s wrk_submit.lua "$url")
lb_health=$(run_wrk "two nodes healthz (haproxy)" -s wrk_json.lua "http://127.0.0.1:$lb_port/healthz")
two=$(SUBMIT_PREFIX=two run_wrk "two nodes, new responses (haproxy)" -s wrk_submit.lua \
  "http://127.0.0.1:$lb_port/api/v1/links/$token/responses")

# Every node's view against the database, polled until they agree (or 10 s).
count() {
  curl -sf "${auth[@]}" "http://127.0.0.1:$1/api/v1/orgs/1/metrics?metric=nps&survey=$survey" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"]["n"])'
}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
stored=$("$bin/psql" -X -At "$db" -c "SELECT COUNT(*) FROM responses WHERE survey_id = $survey AND status = 'complete'")
started=$(date +%s%N)
agreed_ms=-1
for _ in $(seq 1000); do
  n1=$(count "$port"); n2=$(count "$port2")
  if [[ "$n1" == "$stored" && "$n2" == "$stored" ]]; then
    agreed_ms=$(( ($(date +%s%N) - started) / 1000000 )); break
  fi
  sleep 0.01
done
feed=$(curl -sf "http://127.0.0.1:$port2/metrics" | grep -E '^nazar_change_feed_(applied|own)_total' |
  awk '{print $2}' | paste -sd' ')

mkdir -p results
python3 - "$one_health" "$one" "$lb_health" "$two" "$stored" "$n1" "$n2" "$agreed_ms" "$feed" \
  > results/nodes.json <<'PY'
import json, os, sys, datetime, platform
one_health, one, lb_health, two = (json.loads(a) for a in sys.argv[1:5])
stored, n1, n2, agreed_ms = (int(a) for a in sys.argv[5:9])
applied, own = (int(x) for x in sys.argv[9].split())
print(json.dumps({
  "benchmark": "several_nodes",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
  "load": {"tool": "wrk", "connections": int(os.environ.get("BENCH_CONNECTIONS", 64)),
           "duration": os.environ.get("BENCH_DURATION", "10s"), "same_machine": True},
  "reference": "GET /healthz by the same path (one node direct, or haproxy) in the same run",
  "one_node": {"healthz": one_health, "new": one,
               "ratio_new_to_healthz": round(one["requests_per_s"] / one_health["requests_per_s"], 3)},
  "two_nodes_haproxy": {"healthz": lb_health, "new": two,
                        "ratio_new_to_healthz": round(two["requests_per_s"] / lb_health["requests_per_s"], 3)},
  "ratio_two_nodes_to_one": round(two["requests_per_s"] / one["requests_per_s"], 3),
  "responses_stored": stored, "node1_counts": n1, "node2_counts": n2,
  "views_agree_ms_after_load": agreed_ms,
  "node2_feed": {"applied_from_node1": applied, "own_skipped": own},
}, indent=2))
PY
cat results/nodes.json
python3 - <<'PY' || { echo "bench: the nodes disagree with the database" >&2; exit 1; }
import json
d = json.load(open("results/nodes.json"))
assert d["node1_counts"] == d["responses_stored"] == d["node2_counts"], d
assert 0 <= d["views_agree_ms_after_load"] < 1000, d["views_agree_ms_after_load"]
PY
