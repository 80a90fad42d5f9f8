#!/usr/bin/env bash
# The SLA clock (issue 15: "SLA clock computation per case"): EvaluateSla on 100,000 cases
# with random open times over 2026, 0-3 waits on the customer (some still open), targets of
# 1-40 working hours, half of them met, in three organisations' calendars (Tehran with the
# Iranian preset and its Nowruz, London and New York Monday-Friday with fixed-date public
# holidays), evaluated at 2027-01-01 09:00Z in one thread (bench/sla_bench.cc); and its
# reference in the same run: a plain Python implementation (bench/sla_reference.py, Debian's
# python3 with zoneinfo, stepping local days) recomputing a sample of the same cases. Every
# status of the sample must agree (state, elapsed, due, warning, remaining).
# Usage: bench/sla.sh [path/to/sla_bench]  -> bench/results/sla.json
#   (sla_bench is built with the project: cmake --build build --target sla_bench)
# Environment: BENCH_SLA_CASES (100000), BENCH_SLA_SAMPLE (2000), BENCH_REPS (3),
#   BENCH_SEED (2026).
set -euo pipefail
BENCH=$(realpath "${1:-build/bench/sla_bench}")
cd "$(dirname "$0")"
CASES=${BENCH_SLA_CASES:-100000}
SAMPLE=${BENCH_SLA_SAMPLE:-2000}
REPS=${BENCH_REPS:-3}
SEED=${BENCH_SEED:-2026}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "bench: sla_bench, $CASES cases, $REPS runs" >&2
load_nazar=$(cut -d' ' -f1 /proc/loadavg)
"$BENCH" --cases "$CASES" --reps "$REPS" --seed "$SEED" --sample "$SAMPLE" \
  --sample-out "$work/sample.jsonl" >"$work/nazar.json"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); json.dump(d["calendars"], open(sys.argv[2], "w"))' \
  "$work/nazar.json" "$work/calendars.json"
now_ms=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["now_ms"])' "$work/nazar.json")
echo "bench: the Python reference on $SAMPLE of them" >&2
load_python=$(cut -d' ' -f1 /proc/loadavg)
/usr/bin/python3 sla_reference.py "$work/sample.jsonl" "$work/calendars.json" "$now_ms" >"$work/python.json"
load_end=$(cut -d' ' -f1 /proc/loadavg)

commit=$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C .. diff --quiet HEAD -- src bench 2>/dev/null || commit="$commit+uncommitted"
mkdir -p results
NAZAR_COMMIT="$commit" python3 - "$work" "$load_nazar" "$load_python" "$load_end" >"$work/sla.json" <<'PY'
import datetime, json, os, platform, sys
work, load_nazar, load_python, load_end = sys.argv[1:]
nazar = json.load(open(f"{work}/nazar.json"))
python = json.load(open(f"{work}/python.json"))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
out = {
  "benchmark": "sla",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
              "load_average": {"nazar": float(load_nazar), "python": float(load_python),
                               "end": float(load_end)}},
  "source_tree": os.environ["NAZAR_COMMIT"],
  "cases": {"count": nazar["cases"], "seed": nazar["seed"], "evaluated_at_ms": nazar["now_ms"],
            "states": nazar["states"],
            "calendars": ["Asia/Tehran, Iranian preset", "Europe/London Mon-Fri 09-17 + 3 holidays",
                          "America/New_York Mon-Fri 09-17 + 5 holidays"]},
  "nazar": {"threads": 1, "times_s": nazar["times_s"], "median_s": nazar["median_s"],
            "evaluations_per_s": nazar["evaluations_per_s"],
            "us_per_evaluation": round(nazar["us_per_evaluation"], 2),
            "clock_make_us": round(nazar["clock_make_us"], 1),
            "measured": "EvaluateSla over all cases, clocks made beforehand"},
  "python_reference": {k: python[k] for k in ("cases", "seconds", "evaluations_per_s", "python", "method")},
  "ratio_nazar_to_python": round(nazar["evaluations_per_s"] / python["evaluations_per_s"], 1),
  "sanity": {"sample": python["cases"], "agree": python["agree"],
             "equal": python["agree"] == python["cases"], "differences": python["differences"]},
}
print(json.dumps(out, indent=2))
print(f"bench: sla: nazar {nazar['evaluations_per_s']:,} evaluations/s "
      f"({nazar['us_per_evaluation']:.1f} us each), python {python['evaluations_per_s']:,}/s, "
      f"x{out['ratio_nazar_to_python']}; sample agrees: {python['agree']}/{python['cases']}", file=sys.stderr)
if python["agree"] != python["cases"]:
    print("bench: nazar and the reference disagree:\n" + json.dumps(python["differences"], indent=1), file=sys.stderr)
    sys.exit(1)
PY
cp "$work/sla.json" results/sla.json
cat results/sla.json
