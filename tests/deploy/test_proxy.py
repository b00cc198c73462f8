"""The production shape, tested: Debian's nginx with deploy/nginx/bismit.conf in front of two portal
processes (two "hosts": own instance folders and search indexes) sharing one PostgreSQL database,
one Redis and one content folder. One module-scoped setup; every check waits for its condition."""
from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from registration.support import LiveServer, form_values, write_content

pytestmark = [pytest.mark.proxy, pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
PASSWORD = "a long enough password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _services_missing() -> str | None:
    if not os.path.exists(NGINX):
        return "Debian's nginx is not installed (scripts/setup.sh --test installs it)"
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=2).close()
    except Exception:  # noqa: BLE001
        return "PostgreSQL is not running on 127.0.0.1:5432"
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return "Redis is not running on 127.0.0.1:6379"
    return None


def site_config(work: Path, port: int, upstreams: list[int]) -> Path:
    """deploy/nginx/bismit.conf with TLS off, loopback ports and the test's paths."""
    text = (DEPLOY / "bismit.conf").read_text()
    text = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", text, count=1, flags=re.S)  # the http->https redirect
    text = re.sub(r"^\s*(listen|ssl_\w+|http2)\b.*\n", "", text, flags=re.M)
    text = text.replace("server_name bismit.example.org;", f"listen 127.0.0.1:{port};\n    server_name localhost;")
    text = re.sub(r"server 127\.0\.0\.1:8000[^;]*;", "\n    ".join(f"server 127.0.0.1:{p};" for p in upstreams), text)
    text = text.replace("/srv/bismit-portal/", f"{ROOT}/")
    text = text.replace("/var/cache/nginx/bismit", str(work / "cache"))
    text = text.replace("/etc/nginx/bismit-proxy.conf", str(DEPLOY / "bismit-proxy.conf"))
    site = work / "site.conf"
    site.write_text(text)
    main = work / "nginx.conf"
    main.write_text(f"""user root;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {site};
}}
""")
    return main


class Client:
    """HTTP/1.1 to nginx from a chosen loopback address (so the portal sees distinct visitors)."""

    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port, self.source = port, source

    def __call__(self, method: str, path: str, body: dict | list | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.source, 0))
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, raw
        finally:
            conn.close()


_NET = f"127.{uuid.uuid4().int % 250 + 1}.{uuid.uuid4().int % 250 + 1}"  # fresh visitors each run (Redis keeps counters a minute)


def addr(host: int) -> str:
    return f"{_NET}.{host}"


def wait_for(condition, timeout: float = 20.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


@pytest.fixture(scope="module")
def shape(tmp_path_factory):
    missing = _services_missing()
    if missing:
        pytest.skip(missing)
    import psycopg
    from flask_migrate import upgrade

    from portal import create_app
    from portal.editor import accounts

    work = tmp_path_factory.mktemp("proxy")
    content = write_content(work / "content")
    name = f"portal_proxy_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    common = {
        "PORTAL_CONTENT_DIR": str(content), "PORTAL_DATABASE_URL": url, "PORTAL_REDIS_URL": REDIS,
        "PORTAL_SECRET_KEY": "proxy-test-secret", "PORTAL_PROXY_COUNT": "1", "PORTAL_CONTENT_RELOAD_SECONDS": "1",
        "PORTAL_REGISTRATION_MIN_FILL_SECONDS": "0", "PORTAL_REGISTRATION_RATE_LIMIT": "1000 per minute",
        "PORTAL_SMTP_URL": "", "PORTAL_BASE_URL": "https://bismit.example.org",
    }
    admin = create_app({"INSTANCE_PATH": str(work / "admin"), **common, "PORTAL_INDEX_DIR": str(work / "index-admin"),
                        "PORTAL_SEARCH_AUTOBUILD": False, "PORTAL_CONTENT_RELOAD_SECONDS": -1.0})
    with admin.app_context():
        upgrade()
        accounts.create("editor@example.org", PASSWORD, "editor")
        accounts.create("locked@example.org", PASSWORD, "editor")
    servers = []
    for host in ("a", "b"):
        # each host builds its own index first: LiveServer runs gunicorn with --preload, and a build
        # started in the master would leave its write.lock descriptor (and flock) open in every worker
        builder = create_app({"INSTANCE_PATH": str(work / host), **common, "PORTAL_INDEX_DIR": str(work / f"index-{host}"),
                              "PORTAL_SEARCH_AUTOBUILD": False})
        assert builder.test_cli_runner().invoke(args=["search", "build"]).exit_code == 0
        env = {**common, "PORTAL_INSTANCE_DIR": str(work / host), "PORTAL_INDEX_DIR": str(work / f"index-{host}"),
               "PORTAL_SEARCH_AUTOBUILD": "0", "PORTAL_MAIL_DIR": str(work / host / "mail")}
        servers.append(LiveServer({k: str(v) for k, v in env.items()}, workers=1, threads=8))
    port = _free_port()
    conf = site_config(work, port, [s.port for s in servers])
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(work), "-g", "daemon off;"], cwd=work)
    client = Client(port)
    assert wait_for(lambda: nginx.poll() is None and _answers(client)), (work / "error.log").read_text()
    yield {"port": port, "servers": servers, "client": client, "admin": admin, "content": content, "db": url}
    nginx.terminate()
    nginx.wait(10)
    for server in servers:
        server.stop()
    with admin.app_context():
        from portal.db import db

        db.engine.dispose()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _answers(client) -> bool:
    try:
        return client("GET", "/de/")[0] == 200
    except OSError:
        return False


def login(client, email: str, password: str, extra: dict | None = None) -> tuple[int, str, str]:
    status, headers, raw = client("GET", "/editor/login")
    cookie = headers.get("set-cookie", "").split(";", 1)[0]
    token = form_values(raw.decode())["csrf_token"]
    status, headers, raw = client("POST", "/editor/login", {"csrf_token": token, "email": email, "password": password},
                                  {"Cookie": cookie, **(extra or {})})
    return status, headers.get("set-cookie", "").split(";", 1)[0] or cookie, raw.decode()


def test_the_client_address_reaches_the_rate_limiter(shape):
    """20 login posts a minute per address: one visitor is stopped, the next is not (without
    ProxyFix every visitor would share nginx's address and its bucket)."""
    first, second = Client(shape["port"], addr(21)), Client(shape["port"], addr(22))
    # an empty password fails the form before any hashing, and still counts
    codes = [login(first, "nobody@example.org", "")[0] for _ in range(21)]
    assert codes[-1] == 429 and 429 not in codes[:20]
    assert login(second, "nobody@example.org", "")[0] != 429
    spoofed = Client(shape["port"], addr(21))
    assert login(spoofed, "nobody@example.org", "", {"X-Forwarded-For": "198.51.100.7"})[0] == 429  # a header the visitor sends does not pick another bucket


def test_a_lockout_on_one_host_holds_on_the_other(shape):
    a, b = (Client(s.port, addr(31)) for s in shape["servers"])
    for _ in range(5):
        assert login(a, "locked@example.org", "wrong password")[0] == 401
    status, _, page = login(b, "locked@example.org", PASSWORD)
    assert status == 401 and ("Too many failed attempts" in page or "Zu viele" in page)


def test_compression_and_cache_headers(shape):
    client = shape["client"]
    status, headers, raw = client("GET", "/de/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip" and b"<html" in gzip.decompress(raw)
    assert "s-maxage=" in headers["cache-control"] and headers.get("etag")
    assert wait_for(lambda: client("GET", "/de/")[1].get("x-cache") == "HIT")
    assert client("GET", "/de/", headers={"If-None-Match": headers["etag"]})[0] == 304
    css = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', gzip.decompress(raw)).group(1).decode()
    status, headers, _ = client("GET", css, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["cache-control"] and headers.get("content-encoding") == "gzip"
    status, headers, _ = client("GET", "/de/veranstaltungen/gross/")
    assert status == 200 and headers["cache-control"] == "private, no-store" and "set-cookie" not in headers
    assert client("GET", "/editor/login")[1]["cache-control"] == "private, no-store"


def test_a_huge_body_is_refused_by_nginx(shape):
    """1 GB announced, a few KB sent: nginx answers 413 from the length alone."""
    with socket.create_connection(("127.0.0.1", shape["port"]), timeout=30) as sock:
        sock.sendall(b"POST /de/veranstaltungen/gross/anmeldung HTTP/1.1\r\nHost: localhost\r\n"
                     b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1073741824\r\n\r\n" + b"x" * 4096)
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")


def test_sign_ups_through_both_hosts_stay_exact(shape):
    """200 people, 50 places, sent at once through nginx to both hosts."""
    client = shape["client"]

    def form(i):
        status, _, raw = client("GET", "/de/veranstaltungen/gross/")
        assert status == 200
        return {**form_values(raw.decode()), "name": f"Person {i}", "email": f"p{i}@example.org", "consent": "y",
                "mail_language": "de", "website": ""}

    with ThreadPoolExecutor(16) as pool:
        forms = list(pool.map(form, range(200)))
    barrier = threading.Barrier(32)

    def send(data):
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        return client("POST", "/de/veranstaltungen/gross/anmeldung", data)[0]

    with ThreadPoolExecutor(32) as pool:
        codes = list(pool.map(send, forms))
    assert codes.count(303) == 200, sorted(set(codes))
    import psycopg

    with psycopg.connect(shape["db"]) as conn:
        taken = conn.execute("SELECT taken FROM registration_events WHERE slug = 'gross'").fetchone()[0]
        held = conn.execute("SELECT count(*) FROM registrations WHERE event_slug = 'gross' AND holds_place").fetchone()[0]
        people = conn.execute("SELECT count(*) FROM registrations WHERE event_slug = 'gross'").fetchone()[0]
    assert (taken, held, people) == (50, 50, 200)


def test_an_editors_save_on_one_host_is_served_and_found_on_the_other(shape):
    from editor.conftest import post_data

    a, b = (Client(s.port) for s in shape["servers"])
    status, cookie, _ = login(a, "editor@example.org", PASSWORD)
    assert status == 302
    status, headers, raw = a("GET", "/editor/events/gross/edit", headers={"Cookie": cookie})
    assert status == 200
    cookie = headers.get("set-cookie", "").split(";", 1)[0] or cookie  # now with the form's CSRF secret
    token = form_values(raw.decode())["csrf_token"]
    data = post_data(shape["admin"], "events", "gross", **{"de-title": "Großer Fachtag Xylophonwerkstatt"})
    pairs = [(k, v) for k, v in data.items(multi=True) if k != "csrf_token"] + [("csrf_token", token)]
    status, _, raw = a("POST", "/editor/events/gross/edit", pairs, {"Cookie": cookie})
    assert status == 302, raw.decode()[-2000:]

    def found() -> bool:
        page = b("GET", "/de/veranstaltungen/gross/")[2].decode()
        hits = b("GET", "/api/v1/search?q=xylophonwerkstatt")[2].decode()
        return "Xylophonwerkstatt" in page and '"total":1' in hits.replace(" ", "")

    assert wait_for(found, timeout=60)
