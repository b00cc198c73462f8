"""Rate-limit counters in the portal's own database, shared by every worker and host without Redis.

Flask-Limiter keeps counters in memory by default, so each worker counted for itself (40 of 50
login posts passed with two workers). `limits` has no SQL storage; this one is a table of
fixed-window counters, each hit one atomic upsert (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`,
SQLite ≥ 3.35 and PostgreSQL). It uses the current app's engine, on its own connection, so a
count is committed at once whatever the request's transaction does. Redis stays the choice for
many hosts under heavy load (PORTAL_REDIS_URL); this is the default of a single host.
"""
from __future__ import annotations

import random
import time

from limits.storage import Storage
from sqlalchemy import Column, Float, Integer, String, Table, delete, select, text

from .db import db

rate_limits = Table(
    "rate_limits", db.metadata,
    Column("key", String(255), primary_key=True),
    Column("hits", Integer, nullable=False),
    Column("expires_at", Float, nullable=False),  # seconds since the epoch
)

_UPSERT = text(
    "INSERT INTO rate_limits (key, hits, expires_at) VALUES (:key, :amount, :now + :expiry) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN rate_limits.expires_at <= :now THEN :amount ELSE rate_limits.hits + :amount END, "
    "expires_at = CASE WHEN rate_limits.expires_at <= :now THEN :now + :expiry ELSE rate_limits.expires_at END "
    "RETURNING hits"
)


class DatabaseStorage(Storage):
    """`portaldb://`: fixed-window counters in the table above."""

    STORAGE_SCHEME = ["portaldb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        from sqlalchemy.exc import SQLAlchemyError

        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with db.engine.begin() as conn:
            hits = conn.execute(_UPSERT, {"key": key[:255], "amount": amount, "now": now, "expiry": float(expiry)}).scalar_one()
            if random.random() < 0.01:  # now and then, forget windows that ended an hour ago
                conn.execute(delete(rate_limits).where(rate_limits.c.expires_at < now - 3600))
        return int(hits)

    def _row(self, key: str):
        with db.engine.connect() as conn:
            return conn.execute(select(rate_limits.c.hits, rate_limits.c.expires_at).where(rate_limits.c.key == key[:255])).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.hits) if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row is not None and row.expires_at > time.time() else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - the health check answers yes or no
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as conn:
            return conn.execute(delete(rate_limits)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(rate_limits).where(rate_limits.c.key == key[:255]))
