"""Rate-limit counters in the database (portal/ratelimits.py) are shared by processes, on SQLite and PostgreSQL."""
from __future__ import annotations

from registration.support import LiveServer, open_form, request


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
