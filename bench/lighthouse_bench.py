"""Lighthouse (npm lighthouse@12.2.3, Debian's chromium, mobile emulation) over every page type.

    .venv/bin/python bench/lighthouse_bench.py [--lang de,en] [--only home,event]

Serves a copy of the demo corpus in-process (search index built, database migrated, pictures
rendered ahead as `scripts/setup.sh` does) behind a gzip layer like the nginx in front of the portal
in production (`gzip on` for text types; images and fonts are already compressed), runs Lighthouse
once per page and prints its four category scores and the page's transferred bytes on a first view
(fonts, CSS, scripts and images included). Numbers are printed, never asserted.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from page_types import PAGE_TYPES  # noqa: E402 - the browser tests' page types

LIGHTHOUSE = "lighthouse@12.2.3"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json", "image/svg+xml",
                "application/atom+xml", "image/vnd.microsoft.icon")


def gzip_layer(app):
    """What nginx's `gzip on; gzip_types …` does for the portal's text responses."""
    def wrapped(environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        body = b"".join(app(environ, capture))
        headers = captured["headers"]
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") and kind.startswith(COMPRESSIBLE) and len(body) > 256:
            body = gzip.compress(body, 6)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body))), ("Vary", "Accept-Encoding")]
        start_response(captured["status"], headers)
        return [body]

    return wrapped


def serve() -> tuple[str, object]:
    from werkzeug.serving import make_server

    from portal import create_app

    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    shutil.copytree(ROOT / "content", work / "content")
    app = create_app({"INSTANCE_PATH": str(work / "instance"), "PORTAL_CONTENT_DIR": str(work / "content"),
                      "PORTAL_INDEX_DIR": str(work / "index"), "PORTAL_SECRET_KEY": "lighthouse",
                      "PORTAL_CONTENT_RELOAD_SECONDS": -1.0, "PORTAL_SEARCH_AUTOBUILD": False,
                      "PORTAL_RATELIMIT_ENABLED": False})
    runner = app.test_cli_runner()
    for command in (["db", "upgrade"], ["search", "build"], ["pictures", "build"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, gzip_layer(app), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def lighthouse(url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    cmd = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report}",
           "--only-categories=performance,accessibility,best-practices,seo",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return json.loads(report.read_text())


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="de,en")
    parser.add_argument("--only", default="", help="page types, comma-separated (default: all)")
    args = parser.parse_args()
    from search_bench import yardstick

    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "|", yardstick())
    base, server = serve()
    from urllib.request import urlopen

    for pair in PAGE_TYPES.values():  # warm up: templates compiled, pictures rendered, caches filled
        for path in pair:
            urlopen(base + path).read()
    out = Path(tempfile.mkdtemp(prefix="lighthouse-reports-"))
    wanted = [t.strip() for t in args.only.split(",") if t.strip()]
    langs = args.lang.split(",")
    print(f"{'page type':<18} {'path':<46} perf  a11y  best  seo   KB (transferred)  LCP s  CLS")
    try:
        for kind, pair in PAGE_TYPES.items():
            if wanted and not any(kind.startswith(w) for w in wanted):
                continue
            for path in pair:
                if path.split("/")[1] not in langs:
                    continue
                data = lighthouse(base + path, out / "report.json")
                cats = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
                audits = data["audits"]
                weight = audits["total-byte-weight"]["numericValue"] / 1024
                lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
                cls = audits["cumulative-layout-shift"]["numericValue"]
                print(f"{kind:<18} {path:<46} {cats['performance']:>4}  {cats['accessibility']:>4}  "
                      f"{cats['best-practices']:>4}  {cats['seo']:>4}  {weight:>8.1f}          {lcp:5.2f}  {cls:.3f}")
                if cls >= 0.1:  # name what moved, so a shift can be found without opening the report
                    items = audits.get("layout-shifts", {}).get("details", {}).get("items", [])
                    for item in items[:3]:
                        node = item.get("node", {})
                        print(f"    shift {item.get('score', 0):.3f}: {node.get('selector', '?')} {node.get('snippet', '')[:90]}")
                failed = [a for a in ("accessibility", "best-practices", "seo") if cats[a] < 100]
                for category in failed:
                    refs = data["categories"][category]["auditRefs"]
                    bad = [r["id"] for r in refs if r.get("weight") and (audits[r["id"]].get("score") or 0) < 1]
                    print(f"    {category} below 100: {', '.join(bad)}")
    finally:
        server.shutdown()
    print(yardstick())


if __name__ == "__main__":
    main()
