"""Extensions shared by several features, created unbound and bound in init_app."""
from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@limiter.request_filter
def _reads_are_never_limited() -> bool:
    """Only form submissions carry limits (login, registration); reads skip the limiter at once
    instead of resolving limits on every page view (~7 % of a detail page's CPU)."""
    return request.method in ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", bool(app.config["PORTAL_RATELIMIT_ENABLED"]))
    from . import ratelimits  # noqa: F401 - registers the portaldb:// storage

    # without Redis the counters live in the portal's database, so every worker shares them
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["PORTAL_REDIS_URL"] or "portaldb://")
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # a storage outage never turns a form into a 500
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
