"""Editors' routes with ids and texts beyond what the database or file system takes: 404/400, never 500
(portal/edge.py checks every route, so no editor view can forget)."""
from __future__ import annotations

import uuid

import pytest

from portal.db import db
from portal.editor import accounts

from editor.conftest import PASSWORD, login

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def admin(request, app_factory):
    url = None
    name = f"portal_edge_test_{uuid.uuid4().hex[:10]}"
    if request.param == "postgresql":
        psycopg = pytest.importorskip("psycopg")
        try:
            with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=2) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError:
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    app = app_factory(WTF_CSRF_ENABLED=False, **({"PORTAL_DATABASE_URL": url} if url else {}))
    with app.app_context():
        db.create_all()
        accounts.create("admin@example.org", PASSWORD, "admin")
    client = app.test_client()
    assert login(client, "admin@example.org").status_code == 302
    yield client
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if url:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BIG = "2147483648"


CASES = [
    ("GET", f"/editor/news/fachtag-rueckblick/diff?a={BIG}&b=1", 404),
    ("GET", "/editor/news/fachtag-rueckblick/diff?a=99999999999999999999&b=1", 404),
    ("POST", f"/editor/revisions/{BIG}/restore", 404),
    ("POST", f"/editor/admin/accounts/{BIG}/disable", 404),
    ("POST", f"/editor/registrations/werkstatt/{BIG}/cancel", 404),
    ("GET", "/editor/admin/audit?action=%00", 400),
    ("GET", "/editor/news/" + "n" * 300 + "/edit", 404),
    ("GET", "/editor/news/" + "n" * 300 + "/history", 404),
]


def test_out_of_range_values_are_refused_at_the_edge(admin):
    answers = [(path, admin.open(path, method=method).status_code) for method, path, _ in CASES]
    assert answers == [(path, status) for _, path, status in CASES]
