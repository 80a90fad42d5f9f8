#!/usr/bin/env bash
# Customer lifetime value (issue 16): BG/NBD + Gamma-Gamma fitted by maximum likelihood and
# every customer scored (probability alive, expected purchases and spend over 52 weeks, CLV
# discounted at 10% a year in 4-week periods), in one thread (bench/clv_bench.cc), on
#   - CDNOW_master (23,570 customers, calibration 1997-01-01 .. 1997-09-30), and
#   - 1,000,000 customers simulated from known parameters (the published CDNOW ones), whose
#     recovery within 3 standard errors is checked;
# and in the same run its reference: an independent NumPy/SciPy implementation
# (bench/clv_reference.py, Debian's python3-scipy) fitting and scoring the same summaries,
# which also recomputes Nazar's scores customer by customer at Nazar's parameters.
# Usage: bench/clv.sh [path/to/clv_bench]  -> bench/results/clv.json
#   (clv_bench is built with the project: cmake --build build --target clv_bench)
# Environment: BENCH_CLV_CUSTOMERS (1000000), BENCH_REPS (3; CDNOW five times as many),
#   BENCH_SEED (2026). Nazar's figure is the median of its runs; the reference runs once.
set -euo pipefail
BENCH=$(realpath "${1:-build/bench/clv_bench}")
cd "$(dirname "$0")"
CUSTOMERS=${BENCH_CLV_CUSTOMERS:-1000000}
REPS=${BENCH_REPS:-3}
SEED=${BENCH_SEED:-2026}
CDNOW=$(realpath ../../shared/data/cdnow/CDNOW_master.txt)
PYTHON=/usr/bin/python3  # Debian's, with python3-numpy and python3-scipy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for set in cdnow simulated; do
  # CDNOW takes hundredths of a second: five times the runs for a steadier median.
  if [[ $set == cdnow ]]; then args=(--cdnow "$CDNOW" --calibration-end 1997-09-30); reps=$((REPS * 5))
  else args=(--simulate "$CUSTOMERS" --seed "$SEED"); reps=$REPS; fi
  echo "bench: clv_bench on $set, $reps runs" >&2
  cut -d' ' -f1 /proc/loadavg >"$work/$set.load_nazar"
  "$BENCH" "${args[@]}" --reps "$reps" --summary-out "$work/$set.summary.csv" \
    --scores-out "$work/$set.scores.csv" >"$work/$set.nazar.json"
  echo "bench: the NumPy/SciPy reference on $set" >&2
  cut -d' ' -f1 /proc/loadavg >"$work/$set.load_python"
  "$PYTHON" clv_reference.py "$work/$set.summary.csv" "$work/$set.scores.csv" \
    "$work/$set.nazar.json" >"$work/$set.python.json"
done

commit=$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C .. diff --quiet HEAD -- src bench 2>/dev/null || commit="$commit+uncommitted"
mkdir -p results
NAZAR_COMMIT="$commit" "$PYTHON" - "$work" >"$work/clv.json" <<'PY'
import datetime, json, os, platform, sys
work = sys.argv[1]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
out = {
  "benchmark": "clv",
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": {"cores": os.cpu_count(), "cpu": cpu, "kernel": platform.release()},
  "source_tree": os.environ["NAZAR_COMMIT"],
  "measured": "BG/NBD fit + Gamma-Gamma fit + scoring every customer (P(alive), expected "
              "purchases and spend over 52 weeks, CLV at 10% a year in 4-week periods), one "
              "thread; the summary from transactions is timed apart (CDNOW); the ratio is of "
              "process CPU time (the machine is shared), wall clock beside it",
  "sets": {},
}
ok = True
for name in ("cdnow", "simulated"):
    nazar = json.load(open(f"{work}/{name}.nazar.json"))
    python = json.load(open(f"{work}/{name}.python.json"))
    load = {who: float(open(f"{work}/{name}.load_{who}").read()) for who in ("nazar", "python")}
    n_total, p_total = nazar["median_s"]["total"], python["seconds"]["total"]
    # The ratio is of CPU time: on a shared machine the two phases may meet different loads.
    n_cpu, p_cpu = nazar["median_cpu_s"], python["seconds"]["cpu_total"]
    agreement = python["agreement"]
    same = (agreement["p_alive_max_abs"] < 1e-9 and agreement["expected_purchases_max_rel"] < 1e-7
            and agreement["clv_max_rel"] < 1e-7)
    entry = {
        "customers": nazar["customers"],
        "load_average": load,
        "nazar": {k: nazar[k] for k in nazar if k not in ("customers",)},
        "python_reference": python,
        "ratio_nazar_to_python": round(p_cpu / n_cpu, 1),
        "ratio_wall_clock": round(p_total / n_total, 1),
        "ratio_fits_only": round((python["seconds"]["bgnbd_fit"] + python["seconds"]["gg_fit"])
                                 / (nazar["median_s"]["bgnbd_fit"] + nazar["median_s"]["gg_fit"]), 1),
        "scores_agree": same,
        "log_likelihood_difference": nazar["bgnbd"]["log_likelihood"] - python["bgnbd"]["log_likelihood"],
    }
    out["sets"][name] = entry
    ok = ok and same and nazar["bgnbd"]["log_likelihood"] >= python["bgnbd"]["log_likelihood"] - 1e-3
    if "recovery" in nazar:
        ok = ok and nazar["recovery"]["within_3_se"]
    print(f"bench: clv {name}: {nazar['customers']:,} customers, nazar {n_total:.3f} s "
          f"(fit {nazar['median_s']['bgnbd_fit']:.3f}, gg {nazar['median_s']['gg_fit']:.3f}, "
          f"scoring {nazar['median_s']['scoring']:.3f}; CPU {n_cpu:.3f} s), python {p_total:.2f} s "
          f"(CPU {p_cpu:.2f} s), x{entry['ratio_nazar_to_python']} in CPU time "
          f"(x{entry['ratio_wall_clock']} wall clock); scores agree: {same}"
          + (f"; recovered within 3 SE: {nazar['recovery']['within_3_se']}" if "recovery" in nazar else ""),
          file=sys.stderr)
print(json.dumps(out, indent=2))
if not ok:
    print("bench: clv: a check failed (agreement, likelihood or recovery)", file=sys.stderr)
    sys.exit(1)
PY
cp "$work/clv.json" results/clv.json
cat results/clv.json
