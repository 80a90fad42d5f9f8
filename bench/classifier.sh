#!/usr/bin/env bash
# The label classifier (`nazar text train`) against fastText (Debian's `fasttext`, the
# reference the issue names) on the same task in the same run: DeepSentiPers' Persian
# sentences (../shared/data/sentiment) tagged negative / neutral / positive as an
# organisation's analysts would tag comments, every fifth one held out (the split `nazar
# text train` uses). Reports held-out accuracy and training time of both, and Nazar's
# training throughput; the sentence set is repeated (BENCH_CLASSIFIER_COPIES, default 1)
# to time larger sets (accuracy is then measured on duplicates and is not reported).
# Usage: bench/classifier.sh path/to/nazar  -> bench/results/classifier.json
set -euo pipefail
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
if ! command -v fasttext >/dev/null; then
  echo "bench: installing fasttext (the reference classifier)" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fasttext >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p results
COPIES=${BENCH_CLASSIFIER_COPIES:-1}
/usr/bin/python3 - "$NAZAR" "$work" "$COPIES" > results/classifier.json <<'PY'
import csv, json, os, re, subprocess, sys, time
nazar, work, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
shared = os.path.join(os.path.dirname(os.path.abspath(".")), "..", "shared", "data", "sentiment")
rows = list(csv.reader(open(os.path.join(shared, "deepsentipers-train.csv"), encoding="utf-8")))
label = lambda v: "negative" if int(v) < 0 else "positive" if int(v) > 0 else "neutral"
examples = [(t, label(v)) for t, v in rows if t.strip()] * copies
# Nazar: the whole labelled file; it holds out every fifth example itself.
path = os.path.join(work, "labelled.csv")
with open(path, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f); w.writerow(["text", "label"]); w.writerows(examples)
t0 = time.perf_counter()
out = subprocess.run([nazar, "text", "train", "--db", "sqlite:" + os.path.join(work, "n.db"),
                      "--csv", path, "--dry-run", "--json"], check=True, capture_output=True, text=True)
nazar_s = time.perf_counter() - t0
e = json.loads(out.stdout)
# fastText: the same split, its own tokenisation (whitespace), default supervised settings
# plus word bigrams (as Nazar's features), 25 epochs.
train, test = [], []
for i, (t, l) in enumerate(examples):
    line = "__label__%s %s\n" % (l, re.sub(r"\s+", " ", t).strip())
    (test if i % 5 == 4 else train).append(line)
open(os.path.join(work, "ft.train"), "w", encoding="utf-8").writelines(train)
open(os.path.join(work, "ft.test"), "w", encoding="utf-8").writelines(test)
t0 = time.perf_counter()
subprocess.run(["fasttext", "supervised", "-input", os.path.join(work, "ft.train"),
                "-output", os.path.join(work, "ft"), "-wordNgrams", "2", "-epoch", "25",
                "-thread", "1", "-verbose", "0"], check=True, capture_output=True)
ft_s = time.perf_counter() - t0
res = subprocess.run(["fasttext", "test", os.path.join(work, "ft.bin"), os.path.join(work, "ft.test")],
                     check=True, capture_output=True, text=True).stdout
ft_acc = float(re.search(r"P@1\s+([0-9.]+)", res).group(1))
n = len(examples)
result = {
    "benchmark": "label classifier (nazar text train) vs fastText",
    "data": "DeepSentiPers train, 3 labels, every fifth held out",
    "examples": n, "copies": copies,
    "nazar": {"held_out_accuracy": e["accuracy"] if copies == 1 else None,
              "majority_baseline": e["majority_baseline"], "macro_f1": e["macro_f1"] if copies == 1 else None,
              "seconds": round(nazar_s, 3), "examples_per_second": round(n / nazar_s),
              "note": "two fits (held-out evaluation, then all examples), 150 passes each, one core, file reading and stemming included"},
    "fasttext": {"held_out_accuracy": ft_acc if copies == 1 else None, "seconds": round(ft_s, 3),
                 "note": "fasttext supervised -wordNgrams 2 -epoch 25 -thread 1, one fit on the training part"},
    "ratio_time_nazar_over_fasttext": round(nazar_s / ft_s, 2),
}
print(json.dumps(result, indent=2, ensure_ascii=False))
PY
cat results/classifier.json
