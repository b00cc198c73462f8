"""Through nginx (deploy/nginx/bismit.conf, as tests/deploy runs it): a cached anonymous page with wrk,
an uncached detail page through nginx and straight at gunicorn, and sign-ups through the proxy
(requests/s, p95, exactness). Prints numbers, asserts nothing. Needs nginx, wrk, PostgreSQL.

    .venv/bin/python bench/proxy_bench.py [--seconds 10] [--signups 200]
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.search_bench import yardstick  # noqa: E402
from deploy.test_proxy import NGINX, PG_ADMIN, Client, _answers, _free_port, site_config, wait_for  # noqa: E402
from registration.support import LiveServer, form_values, write_content  # noqa: E402


# wrk prints p50/75/90/99 only; its Lua hook gives the p95 the targets name
P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk(port: int, path: str, seconds: int, threads: int = 2, connections: int = 32) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(P95_SCRIPT)
        script.flush()
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script.name,
                              f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    spread = re.search(r"p50 .*? ms, p95 .*? ms, p99 .*? ms", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (f"{float(rate.group(1)):,.0f} req/s, {spread.group(0)}, {errors.group(1) if errors else 0} non-2xx "
            f"(wrk -t{threads} -c{connections} -d{seconds}s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--signups", type=int, default=200)
    args = parser.parse_args()
    print(yardstick())
    import psycopg
    from flask_migrate import upgrade

    from portal import create_app

    work = Path(tempfile.mkdtemp(prefix="proxy-bench-"))
    content = write_content(work / "content")
    name = f"portal_proxy_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    env = {"PORTAL_CONTENT_DIR": str(content), "PORTAL_DATABASE_URL": url, "PORTAL_SECRET_KEY": "bench",
           "PORTAL_PROXY_COUNT": "1", "PORTAL_RATELIMIT_ENABLED": "0", "PORTAL_REGISTRATION_MIN_FILL_SECONDS": "0",
           "PORTAL_SMTP_URL": "", "PORTAL_INSTANCE_DIR": str(work / "instance"), "PORTAL_INDEX_DIR": str(work / "index"),
           "PORTAL_SEARCH_AUTOBUILD": "0", "PORTAL_BASE_URL": "https://bismit.example.org"}
    app = create_app({"INSTANCE_PATH": str(work / "instance"), **{k: v for k, v in env.items() if k != "PORTAL_INSTANCE_DIR"},
                      "PORTAL_SEARCH_AUTOBUILD": False})
    with app.app_context():
        upgrade()
    server = LiveServer(env, workers=2, threads=4)
    port = _free_port()
    nginx = subprocess.Popen([NGINX, "-c", str(site_config(work, port, [server.port])), "-p", str(work), "-g", "daemon off;"])
    client = Client(port)
    try:
        wait_for(lambda: _answers(client))
        print("cached anonymous page /de/ through nginx:", wrk(port, "/de/", args.seconds))
        print("detail page with a form (not cached) through nginx:", wrk(port, "/de/veranstaltungen/werkstatt-anmeldung/", args.seconds, connections=8))
        print("the same page straight at gunicorn:", wrk(server.port, "/de/veranstaltungen/werkstatt-anmeldung/", args.seconds, connections=8))

        def form(i):
            raw = client("GET", "/de/veranstaltungen/gross/")[2].decode()
            return {**form_values(raw), "name": f"P {i}", "email": f"p{i}@example.org", "consent": "y",
                    "mail_language": "de", "website": ""}

        with ThreadPoolExecutor(8) as pool:
            forms = list(pool.map(form, range(args.signups)))

        def send(data):
            started = time.perf_counter()
            status = client("POST", "/de/veranstaltungen/gross/anmeldung", data)[0]
            return status, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(send, forms))
        elapsed = time.perf_counter() - started
        times = sorted(t for _, t in results)
        with psycopg.connect(url) as conn:
            taken = conn.execute("SELECT taken FROM registration_events WHERE slug = 'gross'").fetchone()[0]
        print(f"sign-ups through nginx (4 clients, PostgreSQL): {len(results) / elapsed:.0f}/s, "
              f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {times[int(len(times) * 0.95) - 1] * 1000:.0f} ms, "
              f"{sum(1 for s, _ in results if s == 303)} of {len(results)} answered 303, places taken {taken} of 50")
    finally:
        nginx.terminate()
        nginx.wait(10)
        server.stop()
        with app.app_context():
            from portal.db import db

            db.engine.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
