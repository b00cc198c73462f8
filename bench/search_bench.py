"""Search benchmark: Whoosh (the portal's search) against SQLite FTS5 on one generated corpus.

    .venv/bin/python bench/search_bench.py [--docs 10000] [--runs 200] [--reuse-index] [--parts edits,inprocess,http,fts5]

Generates (once, cached under bench/.corpus-<docs>) a corpus with bench/corpus.py (the one
generator of the benchmarks: German education-policy texts of 400-1,500 words with a Zipf
vocabulary, a third of the studies with a two-page PDF); then in one run measures the
full build, the time from an editor's save to a searcher in another process seeing it (and the
full reload's by-hash update for comparison), the index size, query latency in-process and over
HTTP (gunicorn, the real search page) and the same queries on SQLite FTS5 (bm25). Query kinds:
fixed queries that cycle (warm caches after the first round) and "varied" ones, distinct words
drawn from the index's vocabulary (cold caches). Not part of the test suite.
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
from portal.editor.storage import atomic_write  # noqa: E402
from portal.search import update_index  # noqa: E402
from portal.search.analysis import ENGLISH_STOP, GERMAN_STOP  # noqa: E402
from portal.search.engine import SearchRequest, SearchService  # noqa: E402
from portal.search.index import IndexManager  # noqa: E402
from portal.search.spelling import Spelling  # noqa: E402

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


FACETS = {"type": ["studies"], "region": ["saalekreis"]}


def varied_queries(index: Path, runs: int, seed: int = 1) -> dict[str, list[list[str]]]:
    """Distinct queries drawn from the index's own vocabulary (spelling.tsv: word forms with document
    counts), so that nearly every query needs postings no earlier query read (a cold cache):
    frequent (in >= 10 % of the documents), middling (>= 0.5 %) and rare words in turn; the second
    word of a two-word query is frequent or middling (so that most pairs have results)."""
    spelling = Spelling.load(index)
    docs = max(spelling.counts.values(), default=1)
    words = [w for w in sorted(spelling.counts) if w not in GERMAN_STOP and w not in ENGLISH_STOP and not w.isdigit()]
    bands = [[w for w in words if spelling.counts[w] >= docs / 10],
             [w for w in words if docs / 200 <= spelling.counts[w] < docs / 10],
             [w for w in words if 2 <= spelling.counts[w] < docs / 200]]
    rng = random.Random(seed)
    for band in bands:
        rng.shuffle(band)
    pools = [list(band) for band in bands]

    def draw(band: int) -> str:
        if not pools[band]:  # used up: start again (reported queries are then no longer all distinct)
            pools[band] = list(bands[band])
        return pools[band].pop()

    out: dict[str, list[list[str]]] = {"varied one": [], "varied two": [], "varied faceted": []}
    for n in range(runs):
        out["varied one"].append([draw(n % 3)])
        out["varied two"].append([draw(n % 3), draw(n % 2)])
        out["varied faceted"].append([draw(n % 3)] if n % 2 else [draw(n % 3), draw(n % 2)])
    return out


def pct(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values) * 1000, values[int(len(values) * 0.95) - 1] * 1000


def requests_for(kind: str, words: list[str]) -> tuple[str, dict]:
    filters = FACETS if kind in ("faceted", "varied faceted") else {}
    return " ".join(words), filters


def bench_inprocess(service: SearchService, queries_by_kind: dict, runs: int) -> dict:
    """p50/p95 ms and CPU ms per query of each kind (cycling through its queries)."""
    out = {}
    for kind, queries in queries_by_kind.items():
        times = []
        cpu = time.process_time()
        for n in range(runs):
            q, filters = requests_for(kind, queries[n % len(queries)])
            started = time.perf_counter()
            service.search(SearchRequest(q=q, filters=filters, lang="de"))
            times.append(time.perf_counter() - started)
        out[kind] = (*pct(times), (time.process_time() - cpu) / runs * 1000)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_http(content: Path, index: Path, queries_by_kind: dict, runs: int) -> dict:
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
        workers = [int(pid) for pid in subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                                                      text=True).stdout.split()]
        cpu = sum(_cpu_seconds(pid) for pid in workers)
        for kind, queries in queries_by_kind.items():
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
            assert b"<mark>" in body or kind == "phrase" or kind.startswith("varied"), kind
        out["cpu"] = sum(_cpu_seconds(pid) for pid in workers) - cpu
        return out
    finally:
        server.terminate()
        server.wait()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_fts5(store: ContentStore, db_path: Path, queries_by_kind: dict, runs: int) -> tuple[float, dict]:
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
    for kind, queries in queries_by_kind.items():
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


def yardstick() -> str:
    """The speed of this moment of the shared machine: a fixed pure-Python loop, timed (about 0.5 s
    on a quiet machine; the two cores' speed varied by 2x within an hour on 2026-11-22)."""
    started = time.perf_counter()
    total = 0
    for n in range(5_000_000):
        total += n
    return f"machine yardstick (5,000,000 additions in a Python loop): {time.perf_counter() - started:.2f} s"


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows while it runs
    print(yardstick())
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--reuse-index", action="store_true", help="skip the full build (re-run the query parts)")
    parser.add_argument("--parts", default="edits,inprocess,http,fts5", help="which measurements, comma-separated")
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

    parts = set(args.parts.split(","))
    if "edits" in parts:
        bench_edits(content, store, manager)
    queries = {**QUERIES, **varied_queries(manager.current_path(), args.runs)}
    if "inprocess" in parts:
        bench_whoosh_inprocess(manager, queries, args.runs)
    if "http" in parts:
        bench_whoosh_http(content, index, queries, args.runs)
    if "fts5" in parts:
        build, fts = bench_fts5(store, work / "fts5.sqlite3", queries, args.runs)
        print(f"\nSQLite FTS5 (bm25, snippet, count, type counts): build {build:.1f} s; p50 / p95 ms")
        for kind, (p50, p95) in fts.items():
            print(f"  {kind:15} {p50:7.2f} {p95:7.2f}")
    print(yardstick())


def bench_whoosh_inprocess(manager: IndexManager, queries: dict, runs: int) -> None:
    service = SearchService(manager)
    service.search(SearchRequest(q="Bildung"))
    print(f"\nWhoosh in-process, top 10 with highlights and all facet counts ({runs} runs each; "
          f"varied = a new word each time): p50 / p95 ms, CPU ms per query; load average {_load()}")
    for kind, (p50, p95, cpu) in bench_inprocess(service, queries, runs).items():
        print(f"  {kind:15} {p50:7.1f} {p95:7.1f}   cpu {cpu:5.1f}")


def bench_whoosh_http(content: Path, index: Path, queries: dict, runs: int) -> None:
    print("\nWhoosh over HTTP (gunicorn -w 2, the search page, faceted = type + region): p50 / p95 ms")
    http = bench_http(content, index, queries, runs)
    cpu = http.pop("cpu")
    for kind, (p50, p95) in http.items():
        print(f"  {kind:15} {p50:7.1f} {p95:7.1f}")
    print(f"  workers' CPU: {cpu / (len(http) * runs) * 1000:.1f} ms per request; "
          f"load average {_load()}")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


SEARCHER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from portal.search.engine import SearchRequest, SearchService
from portal.search.index import IndexManager
service = SearchService(IndexManager(Path(sys.argv[2])))
service.search(SearchRequest(q="Bildung"))
print("ready", flush=True)
for line in sys.stdin:
    marker = line.strip()
    while service.search(SearchRequest(q=marker)).total == 0:
        time.sleep(0.002)
    print(time.time(), flush=True)
"""


def bench_edits(content: Path, store: ContentStore, manager: IndexManager, edits: int = 3) -> None:
    """Save -> visible to a searcher in another process, the way the editor saves: the file written
    atomically, then the store reads that bundle again (`refresh_bundle`, as publish_changes does)
    and its listener updates that document in the index. The other process polls the search for a
    new word every 2 ms. Then the safety net for comparison: a full reload and the by-hash update."""
    store.on_change(lambda corpus, changed: update_index(manager, store, changed))
    child = subprocess.Popen([sys.executable, "-c", SEARCHER, str(ROOT), str(manager.root)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        targets = sorted((content / "news").glob("*/index.de.md"))[:edits + 1]
        for n, target in enumerate(targets):
            marker = f"Zwergpinguin{random.randint(0, 10**6)}"
            child.stdin.write(marker + "\n")
            child.stdin.flush()
            text = target.read_text(encoding="utf-8").replace("\n\n", f"\n\n{marker} am Geiseltalsee.\n\n", 1)
            full = n == len(targets) - 1
            started, cpu = time.time(), time.process_time()
            atomic_write(target, text.encode("utf-8"))
            if full:
                store.refresh()  # what the background check does after an outside change
            else:
                store.refresh_bundle("news", target.parent.name)
            saved, cpu = time.time(), time.process_time() - cpu
            visible = float(child.stdout.readline())
            how = "full reload + by-hash update" if full else "editor's save (one bundle)"
            print(f"{how}: save {saved - started:.3f} s (CPU {cpu:.3f} s), visible in another process after "
                  f"{visible - started:.3f} s; load average {_load()}")
    finally:
        child.stdin.close()
        child.wait()
        child.stdout.close()


if __name__ == "__main__":
    main()
