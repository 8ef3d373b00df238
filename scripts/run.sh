#!/usr/bin/env bash
# The main job: set up if needed, then analyse the bundled corpus with the
# embedded default model.  Prints the per-theme table and writes
# out/analysis.json, out/themes.png and out/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh plot
mkdir -p out
# extra arguments (--model lexicon, --schema FILE, --seed N, ...) go to both runs, so the
# table, chart, report and JSON describe the same analysis
.venv/bin/argmine analyze corpora/ --format table --plot out/themes.png --report out/report.html "$@"
.venv/bin/argmine analyze corpora/ --format json -o out/analysis.json --quiet "$@"
echo "argmine: wrote out/analysis.json, out/themes.png, out/report.html" >&2
