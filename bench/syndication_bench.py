"""Feeds, 304 answers, calendars and the sitemap at a generated corpus of 10,000 documents.

Targets (issue #13): a feed p95 < 30 ms; a 304 answer p95 < 5 ms. Measured over HTTP against
gunicorn (2 workers x 4 threads, as deployed) on 127.0.0.1, one keep-alive connection, sequential requests.
Each feed is made once per content snapshot and then kept, so the first request of each distinct
feed ("cold": the feed is built) is reported apart from the rest ("warm"). Numbers are printed,
never asserted; a yardstick says how fast the shared machine was at the time.

    .venv/bin/python bench/syndication_bench.py            # 10,000 documents, 400 requests per kind
    .venv/bin/python bench/syndication_bench.py --docs 2000 --runs 200
"""
from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402
from search_bench import free_port, pct, yardstick  # noqa: E402

FEEDS = [f"/{lang}/{seg}/{name}{query}"
         for lang, segs in (("de", ("aktuelles", "studien", "veranstaltungen")), ("en", ("news", "studies", "events")))
         for seg in segs for name in ("feed.atom", "feed.xml") for query in ("", "?topic=weiterbildung", "?region=saalekreis")]
CALENDARS = ["/de/veranstaltungen/calendar.ics", "/en/events/calendar.ics",
             "/de/veranstaltungen/calendar.ics?series=kennzahlenvergleich",
             "/de/veranstaltungen/calendar.ics?topic=weiterbildung"]
EVENTS = [f"/de/veranstaltungen/bench-kommend-{i}/event.ics" for i in range(0, 150, 7)]


def corpus(n: int, seed: int) -> Path:
    root = RESULTS / f"corpus-{n}-seed{seed}"
    if not (root / ".generated").exists():
        started = time.perf_counter()
        generate(root, n, seed)
        (root / ".generated").write_text(f"{n} {seed}\n")
        print(f"generated {n} bundles in {time.perf_counter() - started:.1f} s", flush=True)
    return root


def add_upcoming_events(root: Path, n: int) -> None:
    """The generated corpus has past events only: add n upcoming ones (weekly, some all-day, one in
    ten cancelled) so that the subscription has something to hold. Written once, kept."""
    start = datetime.now(timezone.utc).date() + timedelta(days=3)
    series = ("kennzahlenvergleich", "fachtag", "werkstatt", "webinar")
    topics = ("fruehe-bildung", "berufliche-bildung", "weiterbildung")
    for i in range(n):
        folder = root / "events" / f"bench-kommend-{i}"
        if (folder / "index.de.md").exists():
            continue
        folder.mkdir(parents=True)
        day = start + timedelta(days=2 * i)
        when = (f"start: {day}\nend: {day + timedelta(days=1)}" if i % 7 == 0
                else f"start: {day}T09:30\nend: {day}T16:00")
        (folder / "index.de.md").write_text(
            f"---\ntitle: Kommende Veranstaltung {i}\nsummary: Ein Treffen der Bildungsmanagements im Revier.\n"
            f"date: 2024-01-01\n{when}\nformat: onsite\nlocation: {{name: Stadthaus, street: Marktplatz 1, "
            f"postcode: '06108', city: Halle (Saale)}}\nseries: {series[i % 4]}\ntopics: [{topics[i % 3]}]\n"
            f"{'status: cancelled' if i % 10 == 9 else ''}\n---\nProgramm folgt.\n", encoding="utf-8")


def get(conn, path: str, headers: dict | None = None) -> tuple[float, int, dict, bytes]:
    started = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, dict(response.getheaders()), body


def measure(conn, paths: list[str], runs: int, conditional: bool = False) -> dict:
    etags = {}
    cold = []
    for path in paths:
        elapsed, status, headers, _ = get(conn, path)
        assert status == 200, (path, status)
        cold.append(elapsed)
        etags[path] = headers.get("ETag")
    warm = []
    for n in range(runs):
        path = paths[n % len(paths)]
        headers = {"If-None-Match": etags[path]} if conditional else None
        elapsed, status, _, _ = get(conn, path, headers)
        assert status == (304 if conditional else 200), (path, status)
        warm.append(elapsed)
    return {"cold": pct(cold), "warm": pct(warm), "n": len(warm)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--upcoming", type=int, default=150, help="upcoming events added to the generated corpus")
    args = parser.parse_args()
    print(time.strftime("run at %Y-%m-%d %H:%M UTC", time.gmtime()), flush=True)
    print(yardstick(), flush=True)
    content = corpus(args.docs, args.seed)
    add_upcoming_events(content, args.upcoming)
    instance = RESULTS / f"instance-syndication-{args.docs}"
    port = free_port()
    env = dict(os.environ, PORTAL_CONTENT_DIR=str(content), PORTAL_INDEX_DIR=str(RESULTS / "index-syndication"),
               PORTAL_RATELIMIT_ENABLED="0", PORTAL_SECRET_KEY="bench", PORTAL_INSTANCE_DIR=str(instance),
               PORTAL_CONTENT_RELOAD_SECONDS="-1", PORTAL_SEARCH_AUTOBUILD="0")
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                if get(conn, "/de/")[1] == 200:
                    break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the portal did not start")
                time.sleep(0.5)
        for _ in range(10):
            get(conn, "/de/")  # both workers up
        report = {
            "baseline: robots.txt": measure(conn, ["/robots.txt"], args.runs // 4),
            "feeds (200)": measure(conn, FEEDS, args.runs),
            "feeds (304)": measure(conn, FEEDS, args.runs, conditional=True),
            "calendars (200)": measure(conn, CALENDARS, args.runs // 4),
            "calendars (304)": measure(conn, CALENDARS, args.runs // 4, conditional=True),
            "one event .ics": measure(conn, EVENTS, args.runs // 4),
            "sitemap (200)": measure(conn, ["/sitemap.xml"], 20),
        }
    finally:
        server.terminate()
        server.wait()
    print(f"corpus: {args.docs} documents ({content})")
    for name, row in report.items():
        (c50, c95), (w50, w95) = row["cold"], row["warm"]
        print(f"{name:20} first request of each: p50 {c50:7.1f} ms  p95 {c95:7.1f} ms | "
              f"then {row['n']} requests: p50 {w50:6.1f} ms  p95 {w95:6.1f} ms")
    print(yardstick())


if __name__ == "__main__":
    main()
