"""Login throttling holds under concurrency and across workers, on SQLite and PostgreSQL."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from portal.editor import accounts
from portal.editor.models import Account
from portal.db import db

from .support import LiveServer, open_form, request

PASSWORD = "a long enough password"


def _account(app, email="lock@example.org"):
    with app.app_context():
        accounts.create(email, PASSWORD, "editor")


def test_parallel_wrong_passwords_all_count_and_lock_the_account(reg_factory, database_url):
    """16 wrong passwords at once: each counts (one atomic UPDATE), so the right one is refused next."""
    app = reg_factory(database_url, PORTAL_DATABASE_POOL_TIMEOUT=60.0)  # 16 threads, 15 pooled connections
    _account(app)

    def wrong(i):
        with app.app_context():
            result = accounts.authenticate("lock@example.org", f"wrong password {i}")
            db.session.remove()
            return result.reason

    with ThreadPoolExecutor(16) as pool:
        reasons = list(pool.map(wrong, range(16)))
    assert set(reasons) <= {"invalid", "throttled"}
    with app.app_context():
        assert db.session.query(Account).one().failed_logins >= 5
        assert accounts.authenticate("lock@example.org", PASSWORD).reason == "throttled"


def test_login_limit_per_address_is_shared_by_processes_without_redis(reg_factory, reg_content, tmp_path, database_url):
    """Two gunicorn processes on one database (two workers or hosts): 20 login posts a minute in all, not each."""
    reg_factory(database_url)  # migrates the database
    servers = []
    try:
        for name in ("one", "two"):
            servers.append(LiveServer({
                "PORTAL_INSTANCE_DIR": str(tmp_path / name), "PORTAL_CONTENT_DIR": str(reg_content),
                "PORTAL_INDEX_DIR": str(tmp_path / f"index-{name}"), "PORTAL_DATABASE_URL": database_url,
                "PORTAL_SECRET_KEY": "test-secret-key", "PORTAL_RATELIMIT_ENABLED": "1", "PORTAL_REDIS_URL": "",
                "PORTAL_SEARCH_AUTOBUILD": "0", "PORTAL_CONTENT_RELOAD_SECONDS": "-1",
            }, workers=1, threads=2))
        cookie, values = open_form(servers[0].port, "/editor/login")
        codes = [request(servers[i % 2].port, "POST", "/editor/login", cookie=cookie,
                         body={"csrf_token": values["csrf_token"], "email": "x@example.org", "password": "wrong"})[0]
                 for i in range(30)]
    finally:
        for server in servers:
            server.stop()
    assert 429 not in codes[:20] and codes[20:] == [429] * 10, codes
