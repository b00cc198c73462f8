#!/usr/bin/env bash
# Set up and run the portal on its embedded defaults: SQLite, mails as files, the demo content.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:${PORT:-5000}}"  # links in mails
echo "The portal runs at http://127.0.0.1:${PORT:-5000}/ (Ctrl+C stops it)."
exec .venv/bin/gunicorn --bind "127.0.0.1:${PORT:-5000}" --workers "${WORKERS:-2}" --threads 4 --access-logfile - wsgi:app
