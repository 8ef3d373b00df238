#!/usr/bin/env bash
# Set up everything the tests need (all extras, Chromium, a CJK font), then
# run the whole suite.  Extra arguments go to pytest, e.g. -m "not integration".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh all,test
exec .venv/bin/python -m pytest "$@"
