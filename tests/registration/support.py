"""Helpers for the registration tests: content, a real SMTP server, a real WSGI server, HTTP forms."""
from __future__ import annotations

import email
import email.policy
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "content"

EVENTS = {
    "werkstatt-anmeldung": """---
title: "Werkstatt Datenkompetenz"
summary: "Eine Werkstatt zu Daten im Bildungsmanagement."
date: 2025-01-10
start: 2099-05-12T10:00
end: 2099-05-12T13:00
format: online
online_url: "https://video.example.org/geheim-werkstatt"
contact: "bismit@example.org"
registration:
  capacity: 2
  fields: [organisation, comment]
  retention_days: 30
---
Text.
""",
    "ohne-warteliste": """---
title: "Exkursion ohne Warteliste"
summary: "Eine Exkursion mit einem Platz."
date: 2025-01-10
start: 2099-06-01T09:00
format: onsite
location: {name: "Rathaus", street: "Markt 1", postcode: "06108", city: "Halle (Saale)"}
registration:
  capacity: 1
  waitlist: false
---
Text.
""",
    "geschlossen": """---
title: "Anmeldeschluss vorbei"
summary: "Die Anmeldung ist geschlossen."
date: 2025-01-10
start: 2099-06-01T09:00
format: online
registration:
  capacity: 10
  closes: 2025-02-01T12:00
---
Text.
""",
    "bald-offen": """---
title: "Anmeldung bald offen"
summary: "Die Anmeldung öffnet später."
date: 2025-01-10
start: 2099-06-01T09:00
format: online
registration:
  capacity: 10
  opens: 2098-01-01T09:00
---
Text.
""",
    "vergangen": """---
title: "Vergangene Tagung"
summary: "Sie fand 2020 statt."
date: 2019-01-10
start: 2020-03-01T09:00
end: 2020-03-01T17:00
format: online
registration:
  capacity: 10
  retention_days: 30
---
Text.
""",
    "gross": """---
title: "Großer Fachtag"
summary: "Fünfzig Plätze."
date: 2025-01-10
start: 2099-09-01T09:00
format: hybrid
location: {name: "Stadthaus", city: "Leipzig", postcode: "04109"}
online_url: "https://video.example.org/fachtag"
registration:
  capacity: 50
---
Text.
""",
}

EVENT_EN = {"werkstatt-anmeldung": """---
title: "Data literacy workshop"
summary: "A workshop on data in education management."
---
Text.
"""}


def write_content(root: Path) -> Path:
    """A small content folder: taxonomy, the privacy notice and the test events."""
    (root / "events").mkdir(parents=True)
    shutil.copy(FIXTURES / "taxonomy.yml", root / "taxonomy.yml")
    shutil.copytree(FIXTURES / "pages" / "datenschutz", root / "pages" / "datenschutz")
    for slug, text in EVENTS.items():
        (root / "events" / slug).mkdir()
        (root / "events" / slug / "index.de.md").write_text(text, encoding="utf-8")
    for slug, text in EVENT_EN.items():
        (root / "events" / slug / "index.en.md").write_text(text, encoding="utf-8")
    return root


# --- mail ------------------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        with self.lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)


class LoopbackController(Controller):
    """An aiosmtpd controller on 127.0.0.1 and a free port chosen by the kernel (port 0), or a given
    port (to start a stopped server again where the portal expects it)."""

    def __init__(self, handler, port: int = 0) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", port))
        super().__init__(handler, hostname="127.0.0.1", port=self._sock.getsockname()[1], server_hostname="localhost")

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", body(message))


def link(message, part: str) -> str:
    found = [url for url in links(message) if part in url]
    assert found, f"no link with {part!r} in {body(message)}"
    return found[0]


# --- forms through a Flask test client -------------------------------------------------------


def form_values(html: str) -> dict[str, str]:
    values = {}
    for name in ("csrf_token", "started"):
        match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html) or re.search(
            rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html
        )
        if match:
            values[name] = match.group(1)
    return values


def sign_up(client, slug: str, lang: str = "de", **fields):
    """Open the event page, fill the form like a person would, send it; returns the response."""
    segment = "veranstaltungen" if lang == "de" else "events"
    page = client.get(f"/{lang}/{segment}/{slug}/")
    assert page.status_code == 200
    data = form_values(page.get_data(as_text=True))
    data.update({"name": "Erika Muster", "email": "erika@example.org", "consent": "y", "mail_language": lang, "website": ""})
    data.update({k: v for k, v in fields.items() if v is not None})
    for key in [k for k, v in fields.items() if v is None]:
        data.pop(key, None)
    path = f"/{lang}/{segment}/{slug}/{'anmeldung' if lang == 'de' else 'registration'}"
    return client.post(path, data=data)


def follow(client, url: str):
    """Open a link from a mail and press the button on its page; returns (GET, POST) responses."""
    path = urlsplit(url).path
    page = client.get(path)
    if page.status_code != 200 or "<form method=\"post\">" not in page.get_data(as_text=True):
        return page, None
    token = form_values(page.get_data(as_text=True)).get("csrf_token")
    return page, client.post(path, data={"csrf_token": token})


# --- a real WSGI server ----------------------------------------------------------------------


# idle connections are kept as long as in production, so that nginx in front (tests/deploy) meets the
# same timing as on the server
PRODUCTION_KEEP_ALIVE = re.search(r"--keep-alive (\d+)", (ROOT / "deploy/systemd/bismit-portal.service").read_text()).group(1)


class LiveServer:
    """gunicorn on a socket this process bound to 127.0.0.1:0 (passed as fd://), several workers."""

    def __init__(self, env: dict[str, str], app: str = "wsgi:app", workers: int = 3, threads: int = 4) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.port = self.sock.getsockname()[1]
        fd = self.sock.fileno()
        os.set_inheritable(fd, True)
        full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
        cmd = [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"fd://{fd}", "--workers", str(workers),
               "--threads", str(threads), "--worker-class", "gthread", "--preload", "--log-level", "warning",
               "--graceful-timeout", "2", "--keep-alive", PRODUCTION_KEEP_ALIVE, app]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, pass_fds=(fd,))
        self.wait_ready()

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                status, _, _ = request(self.port, "GET", "/de/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.sock.close()


def request(port: int, method: str, path: str, body: dict | None = None, cookie: str = ""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)  # generous: CI machines are shared
    headers = {"Cookie": cookie} if cookie else {}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, dict(response.getheaders()), text
    finally:
        conn.close()


def session_cookie(headers: dict) -> str:
    raw = headers.get("Set-Cookie", "")
    return raw.split(";", 1)[0] if raw else ""


def open_form(port: int, path: str) -> tuple[str, dict[str, str]]:
    """GET a page with a form; returns the session cookie and the hidden form values."""
    status, headers, text = request(port, "GET", path)
    assert status == 200, (status, path)
    return session_cookie(headers), form_values(text)

