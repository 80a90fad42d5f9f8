#!/usr/bin/env bash
# The CX dashboard on the demo data: overall NPS, the monthly trend and breakdowns by
# touchpoint and by agent, all with one filter (default language=fa), on the relationship NPS
# survey. p50/p95 through the API (served from the in-memory columnar view), side by side
# with the same four aggregates in DuckDB (in-memory table loaded from the survey's CSV
# export), each with the machine to itself. Also the view's build time at start and its
# memory per million responses. In the demo only post-support responses name an agent, so on
# the relationship survey the agent breakdown has one group ("", no agent): it still costs a
# grouped scan.
# Usage: bench/dashboard.sh path/to/nazar  -> bench/results/dashboard.json
# Environment: BENCH_RESPONSES (10000000), BENCH_REPS (30), BENCH_WARMUP (5),
#   BENCH_FILTER (language=fa), BENCH_SEED (2026), BENCH_TMPDIR (/tmp: about 0.4 GB of
#   SQLite and 0.1 GB of CSV per million responses).
set -euo pipefail
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
RESPONSES=${BENCH_RESPONSES:-10000000}
REPS=${BENCH_REPS:-30}
WARMUP=${BENCH_WARMUP:-5}
FILTER=${BENCH_FILTER:-language=fa}
SEED=${BENCH_SEED:-2026}
TZ_NAME=Asia/Tehran

# DuckDB for Node.js, pinned in bench/package.json and package-lock.json. Not `npm ci`: the
# lock lists only the Linux x64 bindings (the registry these machines reach has no others),
# and npm ci refuses a lock without every platform's optional package; `npm install
# --no-save` installs the locked versions and leaves the lock as it is.
if [[ ! -d node_modules/@duckdb/node-api ]]; then
  echo "bench: installing @duckdb/node-api into bench/node_modules" >&2
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
fi

work=$(mktemp -d -p "${BENCH_TMPDIR:-/tmp}" nazar-dashboard.XXXXXX)
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; fi
  server_pid=""
}
cleanup() { stop_server || true; rm -rf "$work"; }
trap cleanup EXIT

db="sqlite:$work/nazar.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
serve() {  # starts the server and waits (up to an hour: the view is built before it listens)
  "$NAZAR" serve --db "$db" --listen "127.0.0.1:$port" --no-access-log 2>>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 36000); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "bench: the server died" >&2; exit 1; }
    sleep 0.1
  done
  echo "bench: the server did not get ready" >&2; exit 1
}

# The demo organisation is made first (the demo's own admin and organisation name, so that
# `nazar demo` fills it) and switched to the Gregorian calendar in Asia/Tehran through the
# API while it is empty: months then compare with DuckDB's, and the view is built once.
"$NAZAR" migrate --db "$db" >/dev/null
NAZAR_PASSWORD=nazar-demo "$NAZAR" user create --db "$db" --email admin@example.com \
  --name "Demo Admin" --org "Nazar Demo" --locale fa >/dev/null
key=$("$NAZAR" apikey create --db "$db" --org 1 --name bench --role admin 2>/dev/null)
serve
curl -sf -X PATCH -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
  -d "{\"calendar\":\"gregorian\",\"time_zone\":\"$TZ_NAME\",\"digits\":\"persian\",\"language\":\"fa\"}" \
  "http://127.0.0.1:$port/api/v1/orgs/1" | grep -q '"calendar":"gregorian"'
stop_server

echo "bench: generating $RESPONSES demo responses (seed $SEED)" >&2
t0=$(date +%s.%N)
"$NAZAR" demo --db "$db" --responses "$RESPONSES" --seed "$SEED" | tee "$work/demo.txt" >&2
demo_s=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
grep -q 'organisation "Nazar Demo" filled' "$work/demo.txt"
survey=$(sed -nE 's/^ *survey #([0-9]+) .*\[relationship_nps\].*/\1/p' "$work/demo.txt")
[[ -n "$survey" ]] || { echo "bench: no relationship_nps survey in the demo's summary" >&2; exit 1; }
sqlite_bytes=$(du -cb "$work"/nazar.db* | tail -1 | cut -f1)

echo "bench: exporting survey #$survey (complete responses) to CSV" >&2
t0=$(date +%s.%N)
"$NAZAR" export --db "$db" --org 1 --survey "$survey" --format csv --status complete --out "$work/nps.csv"
export_s=$(python3 -c "import time; print(round(time.time() - $t0, 1))")

echo "bench: starting the server (it builds the metrics view from the store)" >&2
: >"$work/server.log"
serve
rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")
view_line=$(grep -o 'metrics view: .*' "$work/server.log" | head -1)
echo "bench: $view_line" >&2
view_bytes=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '$1 == "nazar_metrics_view_bytes" {print $2}')

echo "bench: API, $REPS rounds of the 4-query dashboard after $WARMUP warm-up rounds ($FILTER)" >&2
load_api=$(cut -d' ' -f1 /proc/loadavg)
python3 dashboard_api.py "$port" "$key" "$survey" "$FILTER" "$REPS" "$WARMUP" >"$work/api.json"
stop_server  # DuckDB gets the machine (and its caches) to itself, as the API did

echo "bench: DuckDB, loading the CSV, then the same $REPS rounds" >&2
load_duckdb=$(cut -d' ' -f1 /proc/loadavg)
node dashboard_duckdb.mjs "$work/nps.csv" "$survey" "$FILTER" "$REPS" "$WARMUP" "$TZ_NAME" >"$work/duckdb.json"
load_end=$(cut -d' ' -f1 /proc/loadavg)

nazar_version=$("$NAZAR" version)
commit=$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C .. diff --quiet HEAD -- src 2>/dev/null || commit="$commit+uncommitted"

mkdir -p results
NAZAR_VERSION_TEXT="$nazar_version" NAZAR_COMMIT="$commit" python3 - "$work" "$RESPONSES" \
  "$survey" "$FILTER" "$view_line" "$view_bytes" "$rss_kib" \
  "$demo_s" "$export_s" "$sqlite_bytes" "$load_api" "$load_duckdb" "$load_end" > "$work/dashboard.json" <<'PY'
import datetime, json, math, os, platform, re, sys
(work, responses, survey, filt, view_line, view_bytes, rss_kib, demo_s, export_s, sqlite_bytes,
 load_api, load_duckdb, load_end) = sys.argv[1:]
api = json.load(open(f"{work}/api.json"))
duck = json.load(open(f"{work}/duckdb.json"))
QUERIES = ["overall", "trend_month", "by_touchpoint", "by_agent"]

def pct(xs, p):  # linear interpolation between closest ranks
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)

def summary(times):
    per = {q: {"p50_ms": round(pct(times[q], 50), 3), "p95_ms": round(pct(times[q], 95), 3)} for q in QUERIES}
    dash = [sum(times[q][i] for q in QUERIES) for i in range(len(times[QUERIES[0]]))]
    return per, {"p50_ms": round(pct(dash, 50), 3), "p95_ms": round(pct(dash, 95), 3)}

api_q, api_d = summary(api["times_ms"])
duck_q, duck_d = summary(duck["times_ms"])

# Sanity: the API's NPS and n against DuckDB's, group by group.
def api_groups(name):
    a = api["answers"][name]
    if name == "overall":
        return {"": a["overall"]}
    key = "bucket" if name == "trend_month" else "key"
    return {g.get(key, ""): g for g in a["groups"] if g["n"] > 0}
sanity, bad = {}, []
for name in QUERIES:
    ours, theirs = api_groups(name), {r["key"]: r for r in duck["results"][name]}
    rows = []
    for k in sorted(set(ours) | set(theirs)):
        a, d = ours.get(k), theirs.get(k)
        row = {"key": k,
               "api": {"n": a["n"], "nps": a["score"]["nps"] if a and a["score"] else None} if a else None,
               "duckdb": {"n": d["n"], "nps": d["nps"]} if d else None}
        ok = a is not None and d is not None and a["n"] == d["n"] and a["score"] is not None \
            and abs(a["score"]["nps"] - d["nps"]) <= 1e-9
        row["equal"] = ok
        if not ok:
            bad.append(f"{name} [{k}]: api {row['api']} duckdb {row['duckdb']}")
        rows.append(row)
    sanity[name] = rows

# Each grouped answer's overall figure (the sum of its groups) is the overall query's.
whole = api["answers"]["overall"]["overall"]
for name in QUERIES[1:]:
    o = api["answers"][name]["overall"]
    if o["n"] != whole["n"] or abs(o["score"]["nps"] - whole["score"]["nps"]) > 1e-9:
        bad.append(f"{name} overall: n {o['n']} nps {o['score']['nps']}, "
                   f"the overall query: n {whole['n']} nps {whole['score']['nps']}")

m = re.search(r"metrics view: (\d+) responses loaded in (\d+) ms \((\d+) MiB\)", view_line)
view_rows, build_ms, view_mib = (int(x) for x in m.groups())
view_bytes = int(float(view_bytes))
ratio_q = {q: round(duck_q[q]["p50_ms"] / api_q[q]["p50_ms"], 2) for q in QUERIES}
ratio_d = round(duck_d["p50_ms"] / api_d["p50_ms"], 2)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
out = {
  "benchmark": "dashboard",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  # The 1-minute load average as the API's and DuckDB's runs began and at the end: well
  # above 0 means others shared the two cores.
  "machine": {"cores": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
              "load_average": {"api": float(load_api), "duckdb": float(load_duckdb),
                               "end": float(load_end)}},
  "store": "sqlite",
  "nazar": {"version": os.environ["NAZAR_VERSION_TEXT"], "source_tree": os.environ["NAZAR_COMMIT"]},
  "responses": int(responses),
  "dashboard": {"survey": int(survey), "template": "relationship_nps", "question": "nps",
                "filter": filt, "queries": api["paths"], "calendar": "gregorian",
                "time_zone": "Asia/Tehran", "reps": len(api["times_ms"]["overall"]),
                "warmup": int(os.environ.get("BENCH_WARMUP", 5)),
                "client": "python http.client, one keep-alive connection, sequential",
                "responses_in_survey": duck["rows"]},
  "api": {"queries": api_q, "dashboard": api_d,
          "floor_authenticated_read": {"p50_ms": round(pct(api["floor_ms"], 50), 3),
                                       "p95_ms": round(pct(api["floor_ms"], 95), 3)}},
  "duckdb": {"queries": duck_q, "dashboard": duck_d, "threads": duck["threads"],
             "load_ms": round(duck["load_ms"]), "rows": duck["rows"], "local_time": duck["local_time"],
             "memory_bytes": duck["memory_bytes"], "sql": duck["sql"]},
  "duckdb_version": duck["version"],
  "ratio_duckdb_to_api_p50": {"dashboard": ratio_d, "queries": ratio_q},
  "goals": {
    "api_dashboard_p95_under_50_ms": {"value_ms": api_d["p95_ms"], "met": api_d["p95_ms"] < 50},
    "ratio_at_least_10x": {"value": ratio_d, "met": ratio_d >= 10},
  },
  "view": {"rows": view_rows, "build_ms": build_ms, "bytes": view_bytes,
           "bytes_per_million": round(view_bytes * 1e6 / view_rows) if view_rows else None,
           "build_rows_per_s": round(view_rows / build_ms * 1000) if build_ms else None,
           "server_rss_bytes": int(rss_kib) * 1024},
  "data": {"demo_generate_s": float(demo_s), "export_csv_s": float(export_s),
           "sqlite_bytes": int(sqlite_bytes), "csv_bytes": os.path.getsize(f"{work}/nps.csv")},
  "sanity": {"equal": not bad, "groups": sanity},
}
print(json.dumps(out, indent=2, ensure_ascii=False))
for q in QUERIES:
    print(f"bench: {q:14} api p50 {api_q[q]['p50_ms']:8.3f} p95 {api_q[q]['p95_ms']:8.3f} ms | "
          f"duckdb p50 {duck_q[q]['p50_ms']:8.3f} p95 {duck_q[q]['p95_ms']:8.3f} ms | x{ratio_q[q]}", file=sys.stderr)
print(f"bench: {'dashboard':14} api p50 {api_d['p50_ms']:8.3f} p95 {api_d['p95_ms']:8.3f} ms | "
      f"duckdb p50 {duck_d['p50_ms']:8.3f} p95 {duck_d['p95_ms']:8.3f} ms | x{ratio_d}", file=sys.stderr)
for name in ["overall", "by_touchpoint"]:
    for r in sanity[name]:
        print(f"bench: sanity {name} [{r['key']}] api {r['api']} duckdb {r['duckdb']}", file=sys.stderr)
if bad:
    print("bench: the API and DuckDB disagree:\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
cp "$work/dashboard.json" results/dashboard.json
cat results/dashboard.json
