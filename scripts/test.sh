#!/usr/bin/env bash
# Set up and run the whole test suite (unit, HTTP, concurrency and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# two processes share the files (pytest-xdist; a file's tests stay together, so its module fixtures
# are made once): about 40 % less time on two cores. TEST_WORKERS=0 runs everything in one process.
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
