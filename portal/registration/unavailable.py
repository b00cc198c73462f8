"""The 'please try again' answer (HTTP 503) when the database or the mail server fails."""
from __future__ import annotations

import logging

from flask import render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..db import db, mark_down

log = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError, PoolTimeout)


def unavailable(cause: str, error: Exception | None = None):
    """cause: 'database' (nothing was saved) or 'mail' (saved, but the mail did not go out)."""
    if error is not None:
        if cause == "database":
            mark_down()
        log.error("registration request %s %s failed: %s", request.method, request.path, error)
        try:
            db.session.rollback()
        except DATABASE_ERRORS:
            pass
    response = render_template("events/registration_unavailable.html", cause=cause)
    return response, 503, {"Retry-After": "60"}
