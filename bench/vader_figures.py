"""English sentiment against VADER's own implementation, in one run, on every VADER
ground-truth set in ../shared/data/sentiment (the paper's four: tweets, nyt editorial
snippets, amazon reviews, movie snippets; those missing are named and skipped).

Usage: bench/vader_figures.py BUILD_DIR [--diff N]
  BUILD_DIR: a CMake build with the target text_score_lines (tests/text/score_lines.cc).
  --diff N: also prints the N sentences where Nazar and VADER differ most, per set.
Figures, as tests/text/evaluation_test.cc computes them: Pearson correlation with the human
mean; binary macro-F1 on the clear items (|human| >= 0.5) by the sign of the score (0 is a
miss); 3-class macro-F1 with human >= 0.5 / <= -0.5 and score >= 0.05 / <= -0.05.
VADER: NLTK's port of Hutto's code (Debian python3-nltk) with the lexicon of the npm
package vader-sentiment (web/node_modules). Run by Debian's /usr/bin/python3."""
import math, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "sentiment")
LEXICON = os.path.join(HERE, "..", "web", "node_modules", "vader-sentiment", "vader_lexicon.txt")
SETS = ["vader-tweets.tsv", "vader-nyt-editorial-snippets.tsv", "vader-amazon-reviews.tsv",
        "vader-movie-snippets.tsv"]


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def macro_f1(truth, predicted, classes):
    total = 0.0
    for k in range(classes):
        tp = sum(t == k and p == k for t, p in zip(truth, predicted))
        fp = sum(t != k and p == k for t, p in zip(truth, predicted))
        fn = sum(t == k and p != k for t, p in zip(truth, predicted))
        total += 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return total / classes


def three(v, band):
    return 2 if v >= band else 0 if v <= -band else 1


def figures(human, scores):
    clear = [(h, s) for h, s in zip(human, scores) if abs(h) >= 0.5]
    binary = macro_f1([1 if h > 0 else 0 for h, _ in clear],
                      [1 if s > 0 else 0 if s < 0 else 2 for _, s in clear], 2)
    return (pearson(human, scores), binary,
            macro_f1([three(h, 0.5) for h in human], [three(s, 0.05) for s in scores], 3))


def main():
    build = sys.argv[1]
    diff = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--diff" else 0
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as lex:
        with open(LEXICON, encoding="utf-8") as src:
            lex.write(src.read().rstrip("\n"))  # NLTK's reader refuses a trailing empty line
    vader = SentimentIntensityAnalyzer(lexicon_file="file:" + lex.name)
    scorer = os.path.join(build, "tests", "text", "text_score_lines")
    print(f"{'set':34} {'':6} {'pearson':>8} {'binary F1':>10} {'3-class F1':>11}")
    for name in SETS:
        path = os.path.join(DATA, name)
        if not os.path.exists(path):
            print(f"{name:34} missing from {os.path.normpath(DATA)}: not measured")
            continue
        rows = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t", 2)
                if len(parts) == 3:
                    rows.append((float(parts[1]), parts[2]))
        human = [h for h, _ in rows]
        texts = [t for _, t in rows]
        ours = subprocess.run([scorer, "en"], input="\n".join(texts) + "\n", text=True,
                              capture_output=True, check=True).stdout.split()
        ours = [float(s) for s in ours]
        theirs = [vader.polarity_scores(t)["compound"] for t in texts]
        for who, scores in (("nazar", ours), ("VADER", theirs)):
            p, b, t = figures(human, scores)
            print(f"{name:34} {who:6} {p:8.3f} {b:10.3f} {t:11.3f}")
        if diff:
            worst = sorted(range(len(rows)), key=lambda i: -abs(ours[i] - theirs[i]))[:diff]
            for i in worst:
                print(f"   human {human[i]:+.2f} nazar {ours[i]:+.3f} vader {theirs[i]:+.3f}  {texts[i][:150]}")
    os.unlink(lex.name)


if __name__ == "__main__":
    main()
