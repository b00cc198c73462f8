#!/usr/bin/env bash
# Set up and run the whole test suite (unit, HTTP, concurrency and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
