"""Fixtures for the registration tests: content, a real SMTP server, SQLite or PostgreSQL databases."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade

from .support import Inbox, LoopbackController, unique_name, write_content

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def reg_content(tmp_path):
    return write_content(tmp_path / "reg-content")


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = LoopbackController(handler)
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        return False


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if not _pg_available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    import psycopg

    name = unique_name("portal_reg_test")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registrations.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def reg_factory(app_factory, reg_content, inbox, tmp_path):
    """Apps on the registration content with mail to the loopback SMTP server and a migrated database."""

    apps = []

    def make(database_url: str | None = None, **overrides):
        settings = {
            "PORTAL_CONTENT_DIR": str(reg_content),
            "PORTAL_SMTP_URL": f"smtp://127.0.0.1:{inbox.port}",
            "PORTAL_REGISTRATION_MIN_FILL_SECONDS": 0.0,
            "PORTAL_DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'registrations.sqlite3'}",
        }
        settings.update(overrides)
        app = app_factory(**settings)
        with app.app_context():
            upgrade()
        apps.append(app)
        return app

    make.dispose = lambda: [dispose(a) for a in apps]
    yield make
    make.dispose()


def dispose(app) -> None:
    """Close pooled connections (PostgreSQL databases are dropped after the test)."""
    with app.app_context():
        from portal.db import db

        db.engine.dispose()


@pytest.fixture
def reg_app(reg_factory):
    return reg_factory()


@pytest.fixture
def reg_client(reg_app):
    return reg_app.test_client()
