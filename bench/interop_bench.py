"""OAI-PMH harvest and citation exports at 10,000 generated documents, over HTTP under gunicorn.

Generates the corpus (bench/corpus.py), migrates a SQLite database, starts gunicorn (2 workers) and then:
- harvests every study through resumption tokens (ListRecords oai_dc and oai_datacite, ListIdentifiers),
  timing each page; the first harvest is the one that makes each worker's catalog and records the
  published studies in the database, the second shows a warm portal;
- exports the citations of the whole studies list and, after building the search index, of a search's
  study hits (the limit, 500), in BibTeX, RIS and CSL-JSON.

    .venv/bin/python bench/interop_bench.py [--docs 10000] [--runs 10]

Targets (issue #13): a full harvest < 30 s with each page's p95 < 100 ms; 500 search hits exported < 1 s.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import generate  # noqa: E402
from search_bench import free_port, yardstick  # noqa: E402

OAI = {"o": "http://www.openarchives.org/OAI/2.0/"}


def prepare(work: Path, docs: int) -> dict[str, str]:
    content = work / "content"
    if not (work / "done").exists():
        shutil.rmtree(work, ignore_errors=True)
        started = time.perf_counter()
        generate(content, docs, seed=1)
        (work / "done").write_text("ok")
        print(f"generated {docs} documents in {time.perf_counter() - started:.0f} s")
    env = {"PORTAL_CONTENT_DIR": str(content), "PORTAL_INDEX_DIR": str(work / "index"),
           "PORTAL_INSTANCE_DIR": str(work / "instance"), "PORTAL_SECRET_KEY": "bench",
           "PORTAL_DATABASE_URL": f"sqlite:///{work / 'instance' / 'portal.sqlite3'}",
           "PORTAL_RATELIMIT_ENABLED": "0", "PORTAL_CONTENT_RELOAD_SECONDS": "-1", "PORTAL_SEARCH_AUTOBUILD": "0"}
    os.environ.update(env)
    from flask_migrate import upgrade

    from portal import create_app

    app = create_app()
    with app.app_context():
        upgrade()
        from portal.db import db

        db.session.execute(db.text("DELETE FROM oai_items"))  # every run starts with an empty memory
        db.session.commit()
    from portal.content.store import now

    studies = len(app.extensions["content"].corpus.visible("studies", now()))
    print(f"documents: {app.extensions['content'].corpus.count()}, published studies: {studies}")
    return env, app


def build_index(app) -> None:
    """The search exports need the index; the harvest does not (it is measured before the build)."""
    manager = app.extensions["search"].manager
    if manager.current_path() is None:
        started = time.perf_counter()
        with manager.write_lock():
            manager.build(app.extensions["content"].corpus)
        print(f"search index built in {time.perf_counter() - started:.0f} s")


def get(conn: http.client.HTTPConnection, path: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    assert response.status == 200, (path, response.status)
    return elapsed, body


def harvest(conn, verb: str, prefix: str) -> tuple[float, list[float], int]:
    """Every page of a list request, following resumption tokens: wall time, page times, items."""
    path = f"/oai?verb={verb}&metadataPrefix={prefix}"
    times, items, started = [], 0, time.perf_counter()
    while path:
        elapsed, body = get(conn, path)
        times.append(elapsed)
        doc = etree.fromstring(body)
        assert not doc.xpath("//o:error", namespaces=OAI), body[:500]
        items += len(doc.xpath("//o:header", namespaces=OAI))
        token = doc.findtext(".//o:resumptionToken", namespaces=OAI)
        path = f"/oai?verb={verb}&resumptionToken={quote(token)}" if token else ""
    return time.perf_counter() - started, times, items


def export(conn, label: str, path: str, runs: int) -> None:
    for fmt in ("bibtex", "ris", "csl-json"):
        get(conn, path.format(fmt=fmt))  # warm
        times = []
        for _ in range(runs):
            elapsed, body = get(conn, path.format(fmt=fmt))
            times.append(elapsed)
        count = {"csl-json": lambda: len(json.loads(body)), "ris": lambda: body.count(b"ER  -"),
                 "bibtex": lambda: body.count(b"\n@") + body.startswith(b"@")}[fmt]()
        p50, p95 = pct(times)
        print(f"  {label:28} {fmt:9} {p50:7.1f} {p95:7.1f}  {count}")


def pct(values: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank), in ms."""
    values = sorted(values)
    return statistics.median(values) * 1000, values[max(0, math.ceil(len(values) * 0.95) - 1)] * 1000


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    print(yardstick())
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env, app = prepare(ROOT / "bench" / f".interop-{args.docs}", args.docs)
    port = free_port()
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 180
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/robots.txt")
                conn.getresponse().read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        print("\nOAI-PMH harvests through resumption tokens (pages of 100): wall s; page p50 / p95 / max ms; items")
        for label, verb, prefix in (("ListRecords oai_dc (cold)", "ListRecords", "oai_dc"),
                                    ("ListRecords oai_dc", "ListRecords", "oai_dc"),
                                    ("ListRecords oai_datacite", "ListRecords", "oai_datacite"),
                                    ("ListIdentifiers oai_dc", "ListIdentifiers", "oai_dc")):
            wall, times, items = harvest(conn, verb, prefix)
            p50, p95 = pct(times)
            print(f"  {label:28} {wall:6.2f} s  {p50:6.1f} / {p95:6.1f} / {max(times) * 1000:6.1f} ms  {items}")
        print(f"\ncitation exports, {args.runs} runs each: p50 / p95 ms; studies in the file")
        export(conn, "studies list (all)", "/de/studien/export/{fmt}", args.runs)
        build_index(app)
        export(conn, "search hits (type=studies)", "/de/suche/export/{fmt}?type=studies", args.runs)
        export(conn, "search hits (q=Bildung)", "/de/suche/export/{fmt}?q=Bildung", args.runs)
    finally:
        server.terminate()
        server.wait()
    print(yardstick())


if __name__ == "__main__":
    main()
