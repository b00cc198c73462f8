"""Search benchmark: Whoosh (the portal's search) against SQLite FTS5 on one generated corpus.

    .venv/bin/python bench/search_bench.py [--docs 10000] [--runs 200]

Generates (once, cached under bench/.corpus-<docs>) a corpus with bench/corpus.py (the one
generator of the benchmarks: German education-policy texts of 400-1,500 words with a Zipf
vocabulary, a third of the studies with a two-page PDF); then in one run measures the
full build, an incremental update of one document and the time until a searcher sees it, the index
size, query latency in-process and over HTTP (gunicorn, the real search page) and the same queries
on SQLite FTS5 (bm25). Not part of the test suite.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402
from portal.content.store import ContentStore  # noqa: E402
from portal.search.engine import SearchRequest, SearchService  # noqa: E402
from portal.search.index import IndexManager  # noqa: E402

# Frequent, middling and rare words of the generated corpus (bench/corpus.py), as visitors type them.
QUERIES = {
    "one word": [["Weiterbildung"], ["Kommunen"], ["Beratung"], ["Schulsozialarbeit"], ["Fachkräfte"], ["Hort"],
                 ["Teilhabemonitoring"], ["Angebote"]],
    "two words": [["Weiterbildung", "Landkreis"], ["Übergänge", "Schule"], ["Fachkräfte", "Kita"], ["Quote", "Region"],
                  ["Bedarf", "Planung"], ["Jugendhilfe", "Statistik"]],
    "phrase": [['"frühkindliche Bildung"'], ['"regionalen Bedarf"'], ['"ländlichen Räumen"'], ['"kommunale Bildungsmanagement"'],
               ['"die Angebote der Weiterbildung"']],
    "faceted": [["Weiterbildung"], ["Bildung", "Region"], ["Beratung"], ["Fachkräfte"]],
}


def pct(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[int(len(values) * 0.95) - 1] * 1000


def requests_for(kind: str, words: list[str]) -> tuple[str, dict]:
    filters = {"type": ["studies"], "region": ["saalekreis"]} if kind == "faceted" else {}
    return " ".join(words), filters


def bench_inprocess(service: SearchService, runs: int) -> dict:
    out = {}
    for kind, queries in QUERIES.items():
        times = []
        for n in range(runs):
            q, filters = requests_for(kind, queries[n % len(queries)])
            started = time.perf_counter()
            service.search(SearchRequest(q=q, filters=filters, lang="de"))
            times.append(time.perf_counter() - started)
        out[kind] = pct(times)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_http(content: Path, index: Path, runs: int) -> dict:
    port = free_port()
    env = dict(os.environ, PORTAL_CONTENT_DIR=str(content), PORTAL_INDEX_DIR=str(index), PORTAL_RATELIMIT_ENABLED="0",
               PORTAL_SECRET_KEY="bench", PORTAL_INSTANCE_DIR=str(content.parent / "instance"), PORTAL_CONTENT_RELOAD_SECONDS="-1")
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/de/suche/?q=Bildung")
                if conn.getresponse().read() and True:
                    break
            except OSError:
                time.sleep(0.5)
        out = {}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):  # warm both workers
            conn.request("GET", "/de/suche/?q=Kommunen")
            conn.getresponse().read()
        for kind, queries in QUERIES.items():
            times = []
            for n in range(runs):
                q, filters = requests_for(kind, queries[n % len(queries)])
                path = "/de/suche/?q=" + quote(q) + "".join(f"&{k}={v[0]}" for k, v in filters.items())
                started = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                times.append(time.perf_counter() - started)
                assert response.status == 200, (path, response.status)
            out[kind] = pct(times)
            assert b"<mark>" in body or kind == "phrase", kind
        return out
    finally:
        server.terminate()
        server.wait()


def bench_fts5(store: ContentStore, db_path: Path, runs: int) -> tuple[float, dict]:
    from portal.search.documents import extract_pdf, indexable

    if db_path.exists():
        db_path.unlink()
    con = sqlite3.connect(db_path)
    started = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, summary, body, pdf, tokenize='unicode61 remove_diacritics 2')")
    con.execute("CREATE TABLE facets(rowid INTEGER PRIMARY KEY, section TEXT, regions TEXT)")
    for n, bundle in enumerate(indexable(store.corpus), start=1):
        item = bundle.primary
        pdf = " ".join(p.text for a in getattr(item, "files", ()) for p in extract_pdf(a.path, a.file, "de"))
        con.execute("INSERT INTO docs(rowid, title, summary, body, pdf) VALUES (?,?,?,?,?)", (n, item.title, item.summary, item.plain_text, pdf))
        con.execute("INSERT INTO facets VALUES (?,?,?)", (n, bundle.section, "," + ",".join(item.regions) + ","))
    con.commit()
    build = time.perf_counter() - started
    out = {}
    for kind, queries in QUERIES.items():
        times = []
        for n in range(runs):
            q, filters = requests_for(kind, queries[n % len(queries)])
            sql = ("SELECT docs.rowid, title, snippet(docs, 2, '<mark>', '</mark>', '…', 20), bm25(docs, 5.0, 2.5, 1.0, 0.7) AS r "
                   "FROM docs JOIN facets ON facets.rowid = docs.rowid WHERE docs MATCH ?")
            params: list = [q]
            if filters:
                sql += " AND facets.section = ? AND facets.regions LIKE ?"
                params += ["studies", "%,saalekreis,%"]
            started = time.perf_counter()
            con.execute(sql + " ORDER BY r LIMIT 10", params).fetchall()
            con.execute("SELECT count(*) FROM docs JOIN facets ON facets.rowid = docs.rowid WHERE docs MATCH ?"
                        + (" AND facets.section = ? AND facets.regions LIKE ?" if filters else ""), params).fetchall()
            con.execute("SELECT section, count(*) FROM docs JOIN facets ON facets.rowid = docs.rowid WHERE docs MATCH ? GROUP BY section", [q]).fetchall()
            times.append(time.perf_counter() - started)
        out[kind] = pct(times)
    con.close()
    return build, out


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows while it runs
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--reuse-index", action="store_true", help="skip the full build (re-run the query parts)")
    args = parser.parse_args()
    work = ROOT / "bench" / f".corpus-{args.docs}"
    content = work / "content"
    if not (work / "done").exists():
        shutil.rmtree(work, ignore_errors=True)
        content.mkdir(parents=True)
        started = time.perf_counter()
        generate(content, args.docs, seed=1)
        (work / "done").write_text("ok")
        print(f"generated corpus in {time.perf_counter() - started:.0f} s")
    index = work / "index"
    if not args.reuse_index:
        shutil.rmtree(index, ignore_errors=True)
    started = time.perf_counter()
    store = ContentStore(content, reload_seconds=-1)
    print(f"documents: {store.corpus.count()} (loaded in {time.perf_counter() - started:.1f} s)")
    manager = IndexManager(index)
    if manager.current_path() is None:
        started = time.perf_counter()
        with manager.write_lock():
            manager.build(store.corpus)
        print(f"full build: {time.perf_counter() - started:.1f} s")
    size = sum(p.stat().st_size for p in manager.current_path().rglob("*") if p.is_file())
    print(f"index size: {size / 1024 / 1024:.1f} MB")

    service = SearchService(manager)
    service.search(SearchRequest(q="Bildung"))
    target = next(iter(sorted((content / "news").glob("*/index.de.md"))))
    marker = f"Zwergpinguin{random.randint(0, 10**6)}"
    target.write_text(target.read_text(encoding="utf-8").replace("\n\n", f"\n\n{marker} am Geiseltalsee.\n\n", 1), encoding="utf-8")
    edited = time.perf_counter()
    store.refresh()
    with manager.write_lock():
        result = manager.update(store.corpus)
    updated = time.perf_counter()
    while service.search(SearchRequest(q=marker)).total == 0:
        if time.perf_counter() - edited > 60:
            sys.exit("the edited document did not become visible within 60 s")
        time.sleep(0.005)
    visible = time.perf_counter()
    print(f"incremental update of one document: {updated - edited:.3f} s ({result.changed} changed; content reload included); "
          f"visible to a searcher after {visible - edited:.3f} s")

    print(f"\nWhoosh in-process, top 10 with highlights and all facet counts ({args.runs} runs each): p50 / p95 ms")
    for kind, (p50, p95) in bench_inprocess(service, args.runs).items():
        print(f"  {kind:10} {p50:7.1f} {p95:7.1f}")
    print(f"\nWhoosh over HTTP (gunicorn -w 2, the search page, faceted = type + region): p50 / p95 ms")
    for kind, (p50, p95) in bench_http(content, index, args.runs).items():
        print(f"  {kind:10} {p50:7.1f} {p95:7.1f}")
    build, fts = bench_fts5(store, work / "fts5.sqlite3", args.runs)
    print(f"\nSQLite FTS5 (bm25, snippet, count, type counts): build {build:.1f} s; p50 / p95 ms")
    for kind, (p50, p95) in fts.items():
        print(f"  {kind:10} {p50:7.2f} {p95:7.2f}")


if __name__ == "__main__":
    main()
