"""Fixtures for the registration tests: content, a real SMTP server, migrated apps (the SQLite and
PostgreSQL databases, `database_url`, come from tests/conftest.py)."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade

from .support import Inbox, LoopbackController, write_content


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
