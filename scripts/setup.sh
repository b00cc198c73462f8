#!/usr/bin/env bash
# Set up everything the portal needs on a fresh machine: virtual environment with the pinned
# dependencies, compiled translations, the database schema. Safe to run again.
# With --test it also installs what the test suite needs (Debian's chromium for browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.installed-requirements 2>/dev/null; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/.installed-requirements
fi

# Front-end assets (KERN UX design system, pinned in package-lock.json) copied into portal/static/vendor/,
# its fonts subset for German and English.
if command -v npm >/dev/null 2>&1; then
  # --omit=dev: the district boundaries (170 MB) only serve scripts/make_region_map.py
  if ! cmp -s package-lock.json node_modules/.installed-package-lock 2>/dev/null || [ ! -d node_modules/@kern-ux/native ]; then
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.installed-package-lock
  fi
  .venv/bin/python scripts/vendor_assets.py
else
  echo "setup: npm is missing; install Node.js (Debian: apt-get install npm) for the portal's design system" >&2
fi

# Translations are compiled from the .po files every time, so they are never stale.
.venv/bin/pybabel compile --use-fuzzy --statistics -d translations 2>&1 | grep -v '^$' || true

if [ "${1:-}" = "--test" ]; then
  # the OAI-PMH and oai_dc schemas the harvesting tests validate against (from PyPI, not kept in git)
  .venv/bin/python scripts/test_schemas.py
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
  # Debian's nginx for tests/deploy (deploy/nginx in front of two portal processes)
  if [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = "0" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    else
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    fi
  fi
else
  .venv/bin/flask --app wsgi db upgrade
  .venv/bin/flask --app wsgi pictures build  # study covers from the PDFs' first pages
fi
