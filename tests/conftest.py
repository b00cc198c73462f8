"""Shared fixtures: an app on a private copy of the fixture corpus, its client and CLI runner."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal import create_app

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def shared_chart_cache(tmp_path_factory):
    """One folder of drawn charts for the whole run: the same data gives the same picture, and drawing
    one takes ~0.1 s (vl-convert), so apps made by different tests share what the first one drew."""
    import os

    folder = tmp_path_factory.mktemp("charts")
    previous = os.environ.get("PORTAL_CHART_CACHE_DIR")
    os.environ["PORTAL_CHART_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("PORTAL_CHART_CACHE_DIR", None)
    else:
        os.environ["PORTAL_CHART_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def browser():
    """One Debian chromium for the whole run, shared by every browser test (Playwright's sync API
    allows one driver per process)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture corpus that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def app_factory(tmp_path: Path, content_dir: Path):
    """Make an app with settings overridden; every app gets its own instance folder and index."""

    def make(**overrides):
        settings = {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "PORTAL_CONTENT_DIR": str(content_dir),
            "PORTAL_INDEX_DIR": str(tmp_path / "index"),
            "PORTAL_SECRET_KEY": "test-secret-key",
            "PORTAL_CONTENT_RELOAD_SECONDS": -1.0,  # tests reload explicitly with store.refresh()
            "PORTAL_RATELIMIT_ENABLED": False,
            "PORTAL_SEARCH_AUTOBUILD": False,  # search tests build their index explicitly
            "TESTING": True,
        }
        settings.update(overrides)
        return create_app(settings)

    return make


@pytest.fixture
def db_app_factory(app_factory):
    """Like app_factory, with the database's tables made; every app's connections are closed after
    the test (SQLite files in tmp_path stay unlocked, PostgreSQL sees no leftover sessions)."""
    from portal.db import db

    made = []

    def make(**overrides):
        app = app_factory(**overrides)
        with app.app_context():
            db.create_all()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        return False


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards (skipped when no server runs)."""
    if not _pg_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    import uuid

    import psycopg

    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each test that takes it runs twice: on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def write_item(content_dir: Path):
    """Write (or overwrite) a language file of a bundle in the test's content copy."""

    def write(section: str, slug: str, text: str, lang: str = "de") -> Path:
        folder = content_dir / section / slug
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"index.{lang}.md"
        path.write_text(text, encoding="utf-8")
        return path

    return write
