"""A fresh PostgreSQL database for the OAI memory test (skipped when no server runs on 127.0.0.1:5432)."""
from __future__ import annotations

import uuid

import pytest

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_url():
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=2):
            pass
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"portal_oai_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
