"""Sign-ups per second through HTTP on loopback, against gunicorn, on SQLite and PostgreSQL.

    .venv/bin/python bench/registration_bench.py [--signups 600] [--clients 16] [--workers 2] [--threads 4] [--db sqlite,postgresql]

For each database: a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL
database on 127.0.0.1:5432, dropped afterwards), the schema by migration, gunicorn on 127.0.0.1
(port chosen by the kernel), rate limits off, mails written as .eml files. The sign-up forms are
fetched first (not timed); then `--clients` threads send the POSTs as fast as they can. Printed:
sign-ups/s, p50/p95/max latency of the form POST, and whether the 50-place event stayed exact
(exactly 50 places held, everyone else a waiting-list candidate, no errors).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.db import db  # noqa: E402
from portal.registration.models import Registration  # noqa: E402
from tests.registration.support import LiveServer, open_form, request, write_content  # noqa: E402

SLUG = "gross"  # 50 places, waiting list open
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def fresh_database(kind: str, folder: Path) -> tuple[str, callable]:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None
    import psycopg

    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql://postgres@127.0.0.1:5432/{name}", drop


def run(kind: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="regbench-") as tmp:
        folder = Path(tmp)
        content = write_content(folder / "content")
        url, drop = fresh_database(kind, folder)
        settings = {
            "PORTAL_INSTANCE_DIR": str(folder / "instance"), "PORTAL_CONTENT_DIR": str(content),
            "PORTAL_INDEX_DIR": str(folder / "index"), "PORTAL_DATABASE_URL": url, "PORTAL_SECRET_KEY": "bench",
            "PORTAL_RATELIMIT_ENABLED": "0", "PORTAL_CONTENT_RELOAD_SECONDS": "-1", "PORTAL_SEARCH_AUTOBUILD": "0",
            "PORTAL_REGISTRATION_MIN_FILL_SECONDS": "0", "PORTAL_SMTP_URL": "",
        }
        app = create_app({"INSTANCE_PATH": settings["PORTAL_INSTANCE_DIR"], **{k: v for k, v in settings.items() if k != "PORTAL_INSTANCE_DIR"},
                          "PORTAL_CONTENT_RELOAD_SECONDS": -1.0, "PORTAL_RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
        server = LiveServer(settings, workers=args.workers, threads=args.threads)
        try:
            page = f"/de/veranstaltungen/{SLUG}/"
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                forms = list(pool.map(lambda _: open_form(server.port, page), range(args.signups)))
            jobs = [(cookie, {**values, "name": f"Bench {i}", "email": f"bench{i}@example.org", "consent": "y",
                              "mail_language": "de", "website": ""}) for i, (cookie, values) in enumerate(forms)]

            def post(job):
                cookie, data = job
                began = time.perf_counter()
                status, _, _ = request(server.port, "POST", f"/de/veranstaltungen/{SLUG}/anmeldung", data, cookie)
                return status, time.perf_counter() - began

            began = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                results = list(pool.map(post, jobs))
            elapsed = time.perf_counter() - began
        finally:
            server.stop()
        with app.app_context():
            held = db.session.execute(select(func.count()).select_from(Registration).where(Registration.holds_place.is_(True))).scalar_one()
            total = db.session.execute(select(func.count()).select_from(Registration)).scalar_one()
            db.engine.dispose()
        drop()
    latencies = sorted(t for _, t in results)
    errors = sum(1 for s, _ in results if s != 303)
    return {
        "db": kind, "signups": len(results), "seconds": elapsed, "per_second": len(results) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000, "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "max_ms": latencies[-1] * 1000, "errors": errors, "held": held, "stored": total,
        "exact": held == 50 and total == len(results) and errors == 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signups", type=int, default=600)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"{args.signups} sign-ups, {args.clients} concurrent clients, gunicorn {args.workers} workers x {args.threads} threads")
    print(f"{'db':<11}{'sign-ups/s':>11}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}  50 places exact")
    ok = True
    for kind in args.db.split(","):
        r = run(kind, args)
        ok &= r["exact"]
        print(f"{r['db']:<11}{r['per_second']:>11.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['max_ms']:>9.1f}{r['errors']:>8}  "
              f"{'yes' if r['exact'] else 'NO'} ({r['held']} held of {r['stored']} stored)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
