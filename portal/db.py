"""The database: Flask-SQLAlchemy bound in init_app, Alembic migrations via Flask-Migrate.

SQLite (the default) gets WAL and a busy timeout so that concurrent workers wait instead of
failing. Every wait is bounded (PORTAL_DATABASE_*_TIMEOUT): connecting, a statement, a free
connection in the pool; a database that is down or hangs costs a request seconds, never the site.
After a failure, `is_down()` tells pages that can do without the database (an event page's places
left) to skip it for PORTAL_DATABASE_RETRY_SECONDS instead of each waiting for the timeout again.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=MIGRATIONS_DIR)


def _state() -> dict:
    from flask import current_app

    return current_app.extensions.setdefault("portal_db_down", {"until": 0.0})


def mark_down(seconds: float | None = None) -> None:
    """The database just failed: pages that can do without it skip it for a while (per app)."""
    from flask import current_app

    wait = float(current_app.config["PORTAL_DATABASE_RETRY_SECONDS"]) if seconds is None else seconds
    _state()["until"] = time.monotonic() + wait


def is_down() -> bool:
    return time.monotonic() < _state()["until"]


def engine_options(config) -> dict:
    """Pool and driver options with every wait bounded; SQLite's busy timeout is the statement timeout."""
    url = config["SQLALCHEMY_DATABASE_URI"]
    connect = float(config["PORTAL_DATABASE_CONNECT_TIMEOUT"])
    statement = float(config["PORTAL_DATABASE_STATEMENT_TIMEOUT"])
    options: dict = {"pool_pre_ping": True, "pool_timeout": float(config["PORTAL_DATABASE_POOL_TIMEOUT"])}
    if url.startswith("postgresql"):
        options["pool_recycle"] = 1800
        options["connect_args"] = {
            "connect_timeout": max(1, round(connect)),
            "options": f"-c statement_timeout={int(statement * 1000)} -c lock_timeout={int(statement * 1000)}"
                       f" -c idle_in_transaction_session_timeout={int(statement * 6000)}",
            # a server that stops answering on an open connection: the kernel gives up after this long
            "tcp_user_timeout": int((statement + connect) * 1000),
            "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3,
        }
    elif url.startswith("sqlite"):
        options["connect_args"] = {"timeout": statement}  # sqlite3's busy timeout: how long to wait for a lock
        if url in ("sqlite://", "sqlite:///:memory:"):
            del options["pool_timeout"]  # an in-memory database has no queue pool
    return options


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_app(app: Flask) -> None:
    url = app.config["PORTAL_DATABASE_URL"]
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///"):
        try:
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        except OSError:  # the pages that need the database will say "try again"; the rest serve
            logging.getLogger(__name__).error("cannot create the folder of the database %s", url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config))
    db.init_app(app)
    migrate.init_app(app, db)
    from . import backup  # noqa: F401 - adds `flask db backup` and `flask db restore`
