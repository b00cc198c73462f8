"""Worker memory under varied searches: what the search caches and searchers cost a process.

    .venv/bin/python bench/search_memory_bench.py [--docs 10000] [--searches 600] [--clients 4]

Uses the corpus and index that bench/search_bench.py left in bench/.corpus-<docs>/ (run it
first). Starts gunicorn (2 workers x 4 threads, as deployed), sends distinct one- and two-word
searches drawn from the index's vocabulary (`varied_queries`: frequent, middling and rare words,
so the caches keep filling) from concurrent clients, and reports each worker's resident memory
after start-up and after the searches. The issue 2 target is < 250 MB per process.
"""
from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from foundation_bench import children, free_port, rss_mb  # noqa: E402
from search_bench import varied_queries  # noqa: E402

from portal.search.index import IndexManager  # noqa: E402


def search_paths(index: Path, count: int) -> list[str]:
    kinds = varied_queries(index, count)
    queries = [q for pair in zip(kinds["varied one"], kinds["varied two"]) for q in pair][:count]
    return ["/de/suche/?q=" + quote(" ".join(words)) for words in queries]


def run_clients(port: int, paths: list[str], clients: int) -> float:
    """Each client takes every `clients`-th path; returns the seconds for all of them."""
    def client(share: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in share:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)

    threads = [threading.Thread(target=client, args=(paths[i::clients],)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=600)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    base = ROOT / "bench" / f".corpus-{args.docs}"
    content, index = base / "content", base / "index"
    if not (index / "current").exists():
        raise SystemExit(f"no index in {index}: run bench/search_bench.py --docs {args.docs} first")
    port = free_port()
    env = dict(os.environ, PORTAL_CONTENT_DIR=str(content), PORTAL_INDEX_DIR=str(index), PORTAL_RATELIMIT_ENABLED="0",
               PORTAL_SECRET_KEY="bench", PORTAL_INSTANCE_DIR=str(base / "instance"), PORTAL_CONTENT_RELOAD_SECONDS="-1")
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "--threads", "4", "-b",
                              f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        paths = search_paths(IndexManager(index).current_path(), args.searches)
        wait_ready(port)
        run_clients(port, ["/de/suche/?q=Bildung"] * 8, 2)  # both workers have a searcher open
        workers = children(server.pid)
        before = [rss_mb(pid) for pid in workers]
        seconds = run_clients(port, paths, args.clients)
        after = [rss_mb(pid) for pid in workers]
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; gunicorn 2 workers x 4 threads; "
              f"{len(paths)} distinct searches from {args.clients} clients in {seconds:.1f} s")
        print(f"worker RSS after start-up: {before} MB; after the searches: {after} MB (target < 250 MB)")
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_ready(port: int, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/de/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn gave no 200 in time")


if __name__ == "__main__":
    main()
