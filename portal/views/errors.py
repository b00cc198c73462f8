"""Error pages in the visitor's language; old URLs (aliases) redirect permanently."""
from __future__ import annotations

import logging

from flask import Flask, redirect, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from ..content.store import get_corpus, now
from ..db import db, mark_down
from ..i18n import current_language
from ..templating import item_url

log = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError, PoolTimeout)


def _alias_target(path: str) -> str | None:
    bundle = get_corpus().aliases.get(path.rstrip("/") or "/")
    if bundle is None or not bundle.is_visible(now()):
        return None
    return item_url(bundle, lang=current_language())


def not_found(error):
    target = _alias_target(request.path)
    if target:
        return redirect(target, code=301)
    return render_template("errors/404.html"), 404


def http_error(error: HTTPException):
    if error.code == 404:
        return not_found(error)
    # the exception's own headers: Allow on a 405, Retry-After on a 429 or 503
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template("errors/error.html", error=error), error.code, headers


def server_error(error):
    log.exception("server error on %s", request.path)
    return render_template("errors/500.html"), 500


def database_unavailable(error: Exception):
    """The database is down or too slow: 'please try again' (503), never a 500; editor pages too."""
    log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    mark_down()
    try:
        db.session.rollback()
    except DATABASE_ERRORS:
        pass
    return render_template("errors/error.html", error=ServiceUnavailable()), 503, {"Retry-After": "30"}


def init_app(app: Flask) -> None:
    for error in DATABASE_ERRORS:
        app.register_error_handler(error, database_unavailable)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(500, server_error)
