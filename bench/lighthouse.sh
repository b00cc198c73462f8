#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12.2.3, Debian's chromium) on an indicator page of the demo corpus,
# served by gunicorn; prints the accessibility and performance scores and the main timings.
# Usage: bash bench/lighthouse.sh [path]   (default: /de/kennzahlen/arbeitslosenquote/)
set -euo pipefail
cd "$(dirname "$0")/.."
PAGE="${1:-/de/kennzahlen/arbeitslosenquote/}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
TMP="$(mktemp -d)"
PORT="$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PORTAL_INSTANCE_DIR="$TMP/instance" PORTAL_INDEX_DIR="$TMP/index" PORTAL_SEARCH_AUTOBUILD=0 \
  PORTAL_CHART_CACHE_DIR="$TMP/charts" .venv/bin/gunicorn -w 2 -b "127.0.0.1:$PORT" wsgi:app >"$TMP/gunicorn.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/de/" && break; sleep 0.5; done
curl -fs -o /dev/null --max-time 300 "http://127.0.0.1:$PORT$PAGE"  # charts drawn once before measuring
npx --yes lighthouse@12.2.3 "http://127.0.0.1:$PORT$PAGE" --quiet --only-categories=accessibility,performance \
  --output=json --output-path="$TMP/report.json" --chrome-flags="--headless=new --no-sandbox --disable-gpu"
.venv/bin/python - "$TMP/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
cats = report["categories"]
audits = report["audits"]
print(f"{report['finalDisplayedUrl']} · Lighthouse {report['lighthouseVersion']} · {report['fetchTime']}")
print(f"accessibility {cats['accessibility']['score'] * 100:.0f} · performance {cats['performance']['score'] * 100:.0f}")
for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "total-byte-weight"):
    print(f"  {audits[key]['title']}: {audits[key]['displayValue']}")
failed = [a["id"] for a in audits.values() if a.get("score") == 0 and a["id"] in {r["id"] for r in cats["accessibility"]["auditRefs"]}]
print("  accessibility audits failed:", ", ".join(failed) or "none")
PY
