"""Browser fixtures: the portal served by a real WSGI server in a thread, one chromium per session.

Tests share one tab per server (the public pages keep no state) whose every request and console
error is recorded afresh for each test, so a test can assert that nothing leaves the portal's own
host:port.
"""
from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal import create_app

TESTS = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = TESTS / "fixtures" / "content"
DEMO_CONTENT = TESTS.parent / "content"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@dataclass
class LiveServer:
    """A running portal: its base URL and the app (for looking items up in its corpus)."""

    app: object
    url: str

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc


def _serve(tmp: Path, content: Path, migrate: bool = False, **overrides) -> Iterator[LiveServer]:
    from werkzeug.serving import make_server

    target = tmp / "content"
    shutil.copytree(content, target)
    settings = {
        "INSTANCE_PATH": str(tmp / "instance"),
        "PORTAL_CONTENT_DIR": str(target),
        "PORTAL_INDEX_DIR": str(tmp / "index"),
        "PORTAL_SECRET_KEY": "browser-test-secret",
        "PORTAL_CONTENT_RELOAD_SECONDS": -1.0,
        "PORTAL_RATELIMIT_ENABLED": False,
        "PORTAL_SEARCH_AUTOBUILD": False,
    }
    settings.update(overrides)
    app = create_app(settings)
    for command in (["db", "upgrade"], ["search", "build"]) if migrate else (["search", "build"],):  # search pages need an index
        done = app.test_cli_runner().invoke(args=command)
        assert done.exit_code == 0, done.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture(scope="module")
def registration_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The fixture corpus with its database: event pages show their registration forms."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    yield from _serve(tmp_path_factory.mktemp("registration"), FIXTURE_CONTENT, migrate=True)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The fixture corpus; one item per page so that list pages show their pagination."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    yield from _serve(tmp_path_factory.mktemp("live"), FIXTURE_CONTENT, PORTAL_PAGE_SIZE=1)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The demo corpus of the repository: longer texts, tables, attachments, every page type; with its
    database, so open events show their registration forms."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    yield from _serve(tmp_path_factory.mktemp("demo"), DEMO_CONTENT, migrate=True)


@dataclass
class Visitor:
    """One browser tab on one server, with every request and console error it saw."""

    page: object
    server: LiveServer
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def open(self, path: str, status: int = 200):
        response = self.page.goto(self.server.url + path)
        assert response is not None, path
        assert response.status == status, f"{path}: {response.status}"
        return response

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the portal's own scheme://host:port."""
        own = self.server.url
        return [url for url in self.requests if not (url == own or url.startswith(own + "/"))]

    def axe_violations(self) -> list[str]:
        """WCAG 2.0/2.1 A and AA violations that axe-core finds on the current page, one line per node."""
        from axe_playwright_python.sync_playwright import Axe

        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        results = Axe().run(self.page, options=options)
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: {node['html'][:160]}"
            for violation in results.response["violations"]
            for node in violation["nodes"]
        ]


def _tab(browser, server: LiveServer) -> Iterator[Visitor]:
    """One tab per server for the whole session: a fresh context per test would triple the run time."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)  # an upper bound for a loaded machine, not a speed limit
    visitor = Visitor(page, server)
    page.on("request", lambda request: visitor.requests.append(request.url))
    page.on("console", lambda msg: visitor.console_errors.append(msg.text) if msg.type == "error" else None)
    try:
        yield visitor
    finally:
        context.close()


@pytest.fixture(scope="session")
def _live_tab(browser, live_server) -> Iterator[Visitor]:
    yield from _tab(browser, live_server)


@pytest.fixture(scope="session")
def _demo_tab(browser, demo_server) -> Iterator[Visitor]:
    yield from _tab(browser, demo_server)


def _fresh(visitor: Visitor) -> Visitor:
    """Start a test on a blank page with empty request and console logs."""
    visitor.page.goto("about:blank")
    visitor.requests.clear()
    visitor.console_errors.clear()
    return visitor


@pytest.fixture
def visitor(_live_tab) -> Visitor:
    return _fresh(_live_tab)


@pytest.fixture
def demo_visitor(_demo_tab) -> Visitor:
    return _fresh(_demo_tab)
