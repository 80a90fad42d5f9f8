#!/usr/bin/env bash
# The directly-follows graph of a 10-million-event log: `nazar analyze dfg --json` against
# the same computation in DuckDB (read_csv, LEAD()/LAG() over each case ordered by time,
# GROUP BY), both from the same CSV file, end to end (reading and parsing included), each
# with the machine to itself. The two arc tables and start/end counts must agree.
#
# The log is generated here, deterministic from the seed: 1M cases of 2 to 18 events (ten on
# average, exactly 10M events), 20 activities of a shop's customer journey following a
# random but fixed transition table, and timestamps written with mixed offsets (Z, +00:00,
# +01:00, +03:30, -05:00) and both 'T' and space separators. Cases are interleaved in
# batches of 1,000, in the order of their local clock times, which is not their real order:
# both tools must convert to UTC to get the graph right. Events of a case are at least a
# minute apart, so no ties need breaking (Nazar keeps file order for ties; the SQL does not).
#
# Usage: bench/dfg.sh path/to/nazar  -> bench/results/dfg.json
# Environment: BENCH_DFG_CASES (1000000), BENCH_REPS (3), BENCH_SEED (2026), BENCH_TMPDIR
#   (/tmp: about 0.5 GB of CSV).
set -euo pipefail
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
CASES=${BENCH_DFG_CASES:-1000000}
REPS=${BENCH_REPS:-3}
SEED=${BENCH_SEED:-2026}

# DuckDB for Node.js, pinned in bench/package.json (see dashboard.sh for why not `npm ci`).
if [[ ! -d node_modules/@duckdb/node-api ]]; then
  echo "bench: installing @duckdb/node-api into bench/node_modules" >&2
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
fi

work=$(mktemp -d -p "${BENCH_TMPDIR:-/tmp}" nazar-dfg.XXXXXX)
trap 'rm -rf "$work"' EXIT
csv="$work/events.csv"

echo "bench: generating an event log of $CASES cases (seed $SEED)" >&2
t0=$(date +%s.%N)
python3 - "$csv" "$CASES" "$SEED" <<'PY'
import random, sys, time
path, cases, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
ACTIVITIES = ["visit website", "search", "view product", "add to cart", "remove from cart",
              "checkout", "pay online", "pay on delivery", "order confirmed", "warehouse picked",
              "shipped", "delivered", "delivery failed", "call centre", "chat support",
              "email support", "return requested", "refund issued", "review written",
              "survey answered"]
# Each activity is followed by one of four others, with fixed weights.
NEXT = {a: rng.sample(ACTIVITIES, 4) for a in ACTIVITIES}
WEIGHTS = [50, 25, 15, 10]
OFFSETS = [(0, "Z"), (0, "+00:00"), (60, "+01:00"), (210, "+03:30"), (-300, "-05:00")]
YEAR_2024 = 1704067200
BATCH = 1000

def stamp(utc, offset_min, suffix, sep):
    t = time.gmtime(utc + offset_min * 60)
    return (f"{t.tm_year:04}-{t.tm_mon:02}-{t.tm_mday:02}{sep}"
            f"{t.tm_hour:02}:{t.tm_min:02}:{t.tm_sec:02}{suffix}")

with open(path, "w", newline="") as out:
    out.write("case,activity,time\n")
    for first in range(0, cases, BATCH):
        rows = []
        for c in range(first, min(first + BATCH, cases)):
            # Lengths in pairs 10 - d, 10 + d: ten events a case on average, exactly.
            d = rng.randint(0, 8) if c % 2 == 0 else -d
            at = YEAR_2024 + rng.randrange(366 * 86400)
            activity = "visit website"
            for _ in range(10 - d):
                offset, suffix = rng.choice(OFFSETS)
                local = stamp(at, offset, suffix, rng.choice("T "))
                rows.append((local, f"C{c:07}", activity))
                at += rng.randint(60, 86400)
                activity = rng.choices(NEXT[activity], WEIGHTS)[0]
        rows.sort()  # by local clock text: not the real order
        out.writelines(f"{case},{activity},{local}\n" for local, case, activity in rows)
PY
generate_s=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
events=$(($(wc -l <"$csv") - 1))
csv_bytes=$(stat -c %s "$csv")
echo "bench: $events events, $csv_bytes bytes in ${generate_s}s" >&2

# run_timed OUT REPS command...: runs the command REPS times (its stdout to OUT), prints JSON
# with the wall times and the largest resident set of the runs.
run_timed() {
  python3 - "$@" <<'PY'
import json, resource, subprocess, sys, time
out, reps, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    with open(out, "w") as f:
        subprocess.run(cmd, stdout=f, check=True)
    times.append(round((time.perf_counter() - t0) * 1000, 1))
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"times_ms": times, "max_rss_bytes": rss}))
PY
}

echo "bench: nazar analyze dfg, $REPS runs" >&2
load_nazar=$(cut -d' ' -f1 /proc/loadavg)
run_timed "$work/nazar-dfg.json" "$REPS" "$NAZAR" analyze dfg --csv "$csv" --case case \
  --activity activity --timestamp time --json >"$work/nazar-times.json"

# DuckDB: one process, a fresh in-memory database per run, the query timed around its
# execution (Node's start-up is not counted).
cat >"$work/dfg_duckdb.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const [csv, repsText] = process.argv.slice(2);
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;
const sql = `
  WITH events AS (
    SELECT "case" AS case_id, activity, "time"::TIMESTAMPTZ AS happened_at
    FROM read_csv(${literal(csv)}, header = true, all_varchar = true)),
  steps AS (
    SELECT activity, lead(activity) OVER w AS next_activity, lag(activity) OVER w AS previous_activity
    FROM events WINDOW w AS (PARTITION BY case_id ORDER BY happened_at))
  SELECT 'arc' AS kind, activity AS a, next_activity AS b, count(*) AS n
    FROM steps WHERE next_activity IS NOT NULL GROUP BY ALL
  UNION ALL SELECT 'start', activity, NULL, count(*) FROM steps WHERE previous_activity IS NULL GROUP BY ALL
  UNION ALL SELECT 'end', activity, NULL, count(*) FROM steps WHERE next_activity IS NULL GROUP BY ALL`;
const times = [];
let rows = [], version = '', threads = 0;
for (let i = 0; i < Number(repsText); ++i) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const t0 = process.hrtime.bigint();
  rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
  times.push(Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10);
  version = Object.values((await conn.runAndReadAll('SELECT version()')).getRowObjectsJS()[0])[0];
  threads = Number(Object.values((await conn.runAndReadAll("SELECT current_setting('threads')")).getRowObjectsJS()[0])[0]);
  conn.closeSync();
  instance.closeSync();
}
console.log(JSON.stringify({
  version, threads, sql, times_ms: times, max_rss_bytes: process.resourceUsage().maxRSS * 1024,
  rows: rows.map((r) => ({ kind: r.kind, a: r.a, b: r.b, n: Number(r.n) })),
}));
JS
echo "bench: DuckDB, $REPS runs" >&2
load_duckdb=$(cut -d' ' -f1 /proc/loadavg)
# From standard input, the script's imports resolve from here (bench/node_modules).
node --input-type=module - "$csv" "$REPS" <"$work/dfg_duckdb.mjs" >"$work/duckdb.json"
load_end=$(cut -d' ' -f1 /proc/loadavg)

nazar_version=$("$NAZAR" version)
commit=$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C .. diff --quiet HEAD -- src 2>/dev/null || commit="$commit+uncommitted"

mkdir -p results
NAZAR_VERSION_TEXT="$nazar_version" NAZAR_COMMIT="$commit" python3 - "$work" "$CASES" "$SEED" \
  "$events" "$csv_bytes" "$generate_s" "$load_nazar" "$load_duckdb" "$load_end" >"$work/dfg.json" <<'PY'
import datetime, json, os, platform, statistics, sys
(work, cases, seed, events, csv_bytes, generate_s, load_nazar, load_duckdb, load_end) = sys.argv[1:]
graph = json.load(open(f"{work}/nazar-dfg.json"))
nazar = json.load(open(f"{work}/nazar-times.json"))
duck = json.load(open(f"{work}/duckdb.json"))

ours = {("arc", a["from"], a["to"]): a["count"] for a in graph["arcs"]}
ours.update({("start", k, None): v for k, v in graph["start"].items()})
ours.update({("end", k, None): v for k, v in graph["end"].items()})
theirs = {(r["kind"], r["a"], r["b"]): r["n"] for r in duck["rows"]}
differences = [f"{k}: nazar {ours.get(k)} duckdb {theirs.get(k)}"
               for k in sorted(set(ours) | set(theirs), key=str) if ours.get(k) != theirs.get(k)]
transitions = sum(a["count"] for a in graph["arcs"])

nazar_ms = statistics.median(nazar["times_ms"])
duck_ms = statistics.median(duck["times_ms"])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
out = {
  "benchmark": "dfg",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  # The 1-minute load average as each side's runs began and at the end: well above 0 means
  # others shared the two cores.
  "machine": {"cores": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
              "load_average": {"nazar": float(load_nazar), "duckdb": float(load_duckdb),
                               "end": float(load_end)}},
  "nazar": {"version": os.environ["NAZAR_VERSION_TEXT"], "source_tree": os.environ["NAZAR_COMMIT"]},
  "log": {"events": int(events), "cases": graph["cases"], "activities": len({k[1] for k in ours}),
          "arcs": len(graph["arcs"]), "transitions": transitions, "csv_bytes": int(csv_bytes),
          "seed": int(seed), "generate_s": float(generate_s),
          "timestamps": "mixed offsets (Z, +00:00, +01:00, +03:30, -05:00), 'T' and space; "
                        "file order by local clock, not by instant"},
  "nazar_dfg": {"command": "nazar analyze dfg --csv events.csv --case case --activity activity "
                           "--timestamp time --json",
                "threads": 1, "times_ms": nazar["times_ms"], "median_ms": nazar_ms,
                "best_ms": min(nazar["times_ms"]),
                "events_per_s": round(int(events) / nazar_ms * 1000),
                "max_rss_bytes": nazar["max_rss_bytes"],
                "measured": "the whole process: reading and parsing the CSV, the graph, the JSON"},
  "duckdb": {"version": duck["version"], "threads": duck["threads"], "times_ms": duck["times_ms"],
             "median_ms": duck_ms, "best_ms": min(duck["times_ms"]),
             "events_per_s": round(int(events) / duck_ms * 1000),
             "max_rss_bytes": duck["max_rss_bytes"], "sql": duck["sql"],
             "measured": "the query from read_csv to its rows, in a fresh in-memory database"},
  # Best of the runs too: on a shared machine a slow run is someone else's work, and DuckDB's
  # two threads suffer more from it than Nazar's one.
  "ratio_duckdb_to_nazar_median": round(duck_ms / nazar_ms, 2),
  "ratio_duckdb_to_nazar_best": round(min(duck["times_ms"]) / min(nazar["times_ms"]), 2),
  "sanity": {"equal": not differences, "cases": graph["cases"] == int(cases),
             "events": graph["events"] == int(events) == transitions + graph["cases"],
             "differences": differences[:20]},
}
print(json.dumps(out, indent=2, ensure_ascii=False))
print(f"bench: dfg on {events} events: nazar median {nazar_ms:.0f} ms {nazar['times_ms']}, "
      f"duckdb median {duck_ms:.0f} ms {duck['times_ms']} ({duck['threads']} threads), "
      f"x{out['ratio_duckdb_to_nazar_median']} (best of each x{out['ratio_duckdb_to_nazar_best']}); "
      f"graphs equal: {not differences}", file=sys.stderr)
if differences or not out["sanity"]["cases"] or not out["sanity"]["events"]:
    print("bench: nazar and DuckDB disagree:\n  " + "\n  ".join(differences), file=sys.stderr)
    sys.exit(1)
PY
cp "$work/dfg.json" results/dfg.json
cat results/dfg.json
