"""Extensions shared by several features, created unbound and bound in init_app."""
from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", bool(app.config["PORTAL_RATELIMIT_ENABLED"]))
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["PORTAL_REDIS_URL"] or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
