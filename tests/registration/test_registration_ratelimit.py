"""Rate limits on the sign-up form, counted in Redis (shared by all workers)."""
from __future__ import annotations

import uuid

import pytest

from .support import sign_up


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=1).ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.redis
def test_sign_up_rate_limit_in_redis(reg_factory):
    if not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    app = reg_factory(PORTAL_RATELIMIT_ENABLED=True, PORTAL_REDIS_URL="redis://127.0.0.1:6379/0",
                      PORTAL_REGISTRATION_RATE_LIMIT="3 per minute", RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    client = app.test_client()
    codes = [sign_up(client, "werkstatt-anmeldung", email=f"r{i}@example.org").status_code for i in range(4)]
    assert codes[:3] != [429, 429, 429] and codes[3] == 429
    # pages stay readable: only the form POST is limited
    assert client.get("/de/veranstaltungen/werkstatt-anmeldung/").status_code == 200


def test_default_limit_lets_an_office_sign_up(reg_factory):
    app = reg_factory(PORTAL_RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = {sign_up(client, "gross", email=f"office{i}@example.org").status_code for i in range(25)}
    assert codes == {303}
