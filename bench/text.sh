#!/usr/bin/env bash
# Text analytics throughput: comments analysed per second per core by `nazar analyze
# sentiment`, Persian and English, on ~200k comments built from the published data sets
# (../shared/data/sentiment), and VADER's own implementations on the same English input in
# the same run: the Python one (NLTK's port of Hutto's code, Debian's python3-nltk, with the
# lexicon of the npm package) and the JavaScript port (npm vader-sentiment, in
# web/node_modules). PyPI is not reachable here, so vaderSentiment itself is not run.
# Also key driver analysis (LMG + relative weights, 200 bootstrap resamples) with 15
# drivers on 1 million responses, CSV reading included.
# Usage: bench/text.sh path/to/nazar  -> bench/results/text.json
# Environment: BENCH_TEXT_COMMENTS (200000), BENCH_TEXT_REFERENCE_COMMENTS (50000),
#   BENCH_DRIVERS_ROWS (1000000), BENCH_TMPDIR (/tmp: about 60 MB of CSV per million rows).
set -euo pipefail
NAZAR=$(realpath "$1")
cd "$(dirname "$0")"
if ! /usr/bin/python3 -c 'import nltk.sentiment.vader' 2>/dev/null; then
  echo "bench: installing python3-nltk (VADER's Python implementation)" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-nltk >&2
fi
[[ -f ../web/node_modules/vader-sentiment/vader_lexicon.txt ]] || (cd ../web && npm install --no-audit --no-fund --no-save >&2)
work=$(mktemp -d -p "${BENCH_TMPDIR:-/tmp}" nazar-text.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p results
/usr/bin/python3 text_bench.py "$NAZAR" "$work" > results/text.json
cat results/text.json
