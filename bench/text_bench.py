"""The measurements of bench/text.sh; prints bench/results/text.json's content.

Usage: text_bench.py NAZAR WORKDIR. Run by Debian's /usr/bin/python3 (for NLTK)."""
import csv, datetime, json, os, platform, random, resource, subprocess, sys, time

NAZAR, WORK = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data")
LEXICON = os.path.join(HERE, "..", "web", "node_modules", "vader-sentiment", "vader_lexicon.txt")
COMMENTS = int(os.environ.get("BENCH_TEXT_COMMENTS", 200000))
REFERENCE = int(os.environ.get("BENCH_TEXT_REFERENCE_COMMENTS", 50000))
ROWS = int(os.environ.get("BENCH_DRIVERS_ROWS", 1000000))


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


def repeat_to(lines, n):
    return [lines[i % len(lines)] for i in range(n)]


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def timed(cmd, stdin_path=None, stdout=subprocess.DEVNULL):
    """Wall seconds and the child's CPU seconds (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
        subprocess.run(cmd, stdin=stdin, stdout=stdout, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def rate(n, wall, cpu):
    return {"comments": n, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
            "per_s_per_core": round(n / cpu, 1), "per_s_wall": round(n / wall, 1)}


# ---- inputs: English from VADER's ground truth, Persian from DeepSentiPers -------------
english = []
for name in ("vader-amazon-reviews.tsv", "vader-movie-snippets.tsv"):
    with open(os.path.join(DATA, "sentiment", name), encoding="utf-8") as f:
        english += [line.rstrip("\n").split("\t", 2)[2] for line in f if line.count("\t") >= 2]
with open(os.path.join(DATA, "sentiment", "deepsentipers-train.csv"), encoding="utf-8", newline="") as f:
    persian = [" ".join(row[0].split()) for row in csv.reader(f) if row and row[0].strip()]
en_path, fa_path = os.path.join(WORK, "en.txt"), os.path.join(WORK, "fa.txt")
write_lines(en_path, repeat_to(english, COMMENTS))
write_lines(fa_path, repeat_to(persian, COMMENTS))
ref_path = os.path.join(WORK, "en_reference.txt")
write_lines(ref_path, repeat_to(english, REFERENCE))

# ---- nazar ----------------------------------------------------------------------------
results = {}
for lang, path in (("en", en_path), ("fa", fa_path)):
    log(f"nazar analyze sentiment --lang {lang} on {COMMENTS} comments")
    results[lang] = rate(COMMENTS, *timed([NAZAR, "analyze", "sentiment", "--lang", lang], path))
log(f"nazar analyze sentiment --lang auto on {COMMENTS} Persian comments")
results["fa_auto_detect"] = rate(COMMENTS, *timed([NAZAR, "analyze", "sentiment"], fa_path))
log(f"nazar analyze sentiment --lang en on the reference's {REFERENCE} comments")
results["en_reference_input"] = rate(REFERENCE, *timed([NAZAR, "analyze", "sentiment", "--lang", "en"], ref_path))

# ---- VADER: Python (NLTK) and JavaScript, same English input ---------------------------
lexicon_copy = os.path.join(WORK, "vader_lexicon.txt")
with open(LEXICON, encoding="utf-8") as src, open(lexicon_copy, "w", encoding="utf-8") as dst:
    dst.write(src.read().rstrip("\n"))  # NLTK's reader refuses a trailing empty line


def reference(name, script_name, source, command):
    """Runs one VADER implementation (its script written to WORK) on the reference input."""
    script = os.path.join(WORK, script_name)
    with open(script, "w") as f:
        f.write(source)
    log(f"VADER ({name}) on {REFERENCE} comments")
    return rate(REFERENCE, *timed(command(script), ref_path))


vader_python = reference("NLTK, Python", "vader_nltk.py", (
    "import sys\n"
    "from nltk.sentiment.vader import SentimentIntensityAnalyzer\n"
    "sia = SentimentIntensityAnalyzer(lexicon_file='file:' + sys.argv[1])\n"
    "out = sys.stdout.write\n"
    "for line in sys.stdin:\n"
    "    out('%.4f\\n' % sia.polarity_scores(line.rstrip('\\n'))['compound'])\n"),
    lambda script: ["/usr/bin/python3", script, lexicon_copy])
bundle = os.path.join(HERE, "..", "web", "node_modules", "vader-sentiment", "build", "vaderSentiment.bundle.js")
vader_js = reference("vader-sentiment, JavaScript", "vader_js.js", (
    "const vader = require(process.argv[2]);\n"
    "const lines = require('fs').readFileSync(0, 'utf8').split('\\n');\n"
    "const out = [];\n"
    "for (const line of lines) if (line) out.push(\n"
    "  vader.SentimentIntensityAnalyzer.polarity_scores(line).compound.toFixed(4));\n"
    "process.stdout.write(out.join('\\n') + '\\n');\n"),
    lambda script: ["node", script, os.path.abspath(bundle)])

# ---- key driver analysis: 15 drivers, 1M responses ------------------------------------
drivers_csv = os.path.join(WORK, "drivers.csv")
log(f"writing {ROWS} responses with 15 drivers")
rng = random.Random(2026)
weights = [rng.uniform(0.2, 1.0) for _ in range(15)]
with open(drivers_csv, "w") as f:
    f.write("nps," + ",".join(f"driver_{j + 1}" for j in range(15)) + "\n")
    for _ in range(ROWS):
        mood = rng.gauss(0, 1)
        xs = [min(10, max(1, round(6 + 1.6 * mood + 1.4 * rng.gauss(0, 1)))) for _ in range(15)]
        y = sum(w * x for w, x in zip(weights, xs)) / sum(weights) + 1.2 * rng.gauss(0, 1)
        cells = [str(x) if rng.random() > 0.01 else "" for x in xs]  # 1% unanswered
        f.write(f"{min(10, max(0, round(y)))}," + ",".join(cells) + "\n")
drivers = {}
for bootstrap in (0, 200):
    log(f"nazar analyze drivers: {ROWS} rows, 15 drivers, {bootstrap} bootstrap resamples")
    out_path = os.path.join(WORK, f"drivers_{bootstrap}.json")
    with open(out_path, "w") as out:
        wall, cpu = timed([NAZAR, "analyze", "drivers", "--csv", drivers_csv, "--outcome", "nps",
                           "--bootstrap", str(bootstrap), "--json"], stdout=out)
    with open(out_path) as f:
        analysis = json.load(f)
    drivers[f"bootstrap_{bootstrap}"] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                                        "n": analysis["n"], "r2": round(analysis["r2"], 4)}

version = subprocess.run([NAZAR, "version"], capture_output=True, text=True).stdout.strip()
print(json.dumps({
    "benchmark": "text",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": {"cores": os.cpu_count(), "kernel": platform.release(),
                "load_average_at_end": round(os.getloadavg()[0], 2)},
    "nazar": {"version": version},
    "inputs": {
        "en": f"{len(english)} texts of VADER's ground truth (amazon + movie snippets), repeated",
        "fa": f"{len(persian)} texts of DeepSentiPers, repeated",
        "comments": COMMENTS, "reference_comments": REFERENCE,
    },
    "sentiment": {
        "tool": "nazar analyze sentiment (language, sentiment, emotions, topics; JSON lines out), one thread",
        "nazar": results,
        "vader_python_nltk": {**vader_python, "implementation": "NLTK 3.8 nltk.sentiment.vader (Debian python3-nltk), compound only"},
        "vader_javascript": {**vader_js, "implementation": "npm vader-sentiment 1.1.3, compound only"},
        "ratio_nazar_en_to_vader_python": round(results["en"]["per_s_per_core"] / vader_python["per_s_per_core"], 1),
        "ratio_nazar_en_to_vader_javascript": round(results["en"]["per_s_per_core"] / vader_js["per_s_per_core"], 1),
    },
    "drivers": {
        "tool": "nazar analyze drivers --json (CSV read + exact LMG + relative weights + bootstrap)",
        "rows": ROWS, "drivers": 15, "missing": "listwise (1% of answers empty)",
        **drivers,
    },
}, indent=2))
