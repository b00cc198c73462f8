"""Checks at the edge, before any view runs: ids, texts and body sizes a database or file system can take.

Every route gets them once, so no view can forget: an id beyond a 32-bit column, a NUL byte
(PostgreSQL refuses it in text) or a path segment longer than a file name answers 404/400, never
500; a body larger than its route allows answers 413 before it is read.
"""
from __future__ import annotations

import re

from flask import Flask, abort, jsonify, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest value of the INTEGER columns on PostgreSQL (and what SQLite ids reach)
MAX_SEGMENT = 200  # longest text in a URL path segment (a slug, file name or token); file names stop at 255 bytes
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # control characters other than tab and line breaks


class BoundedInt(IntegerConverter):
    """`<int:…>` that matches only ids a database column can hold (otherwise: no route, 404)."""

    def __init__(self, map, fixed_digits=0, min=0, max=MAX_ID, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def id_value(raw: str | None) -> int | None:
    """A query or token id as an int in the columns' range, else None."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def body_limit() -> int:
    """Editors' forms and uploads may carry a file; everything else (sign-up, login, confirm) a few KB."""
    from flask import current_app

    config = current_app.config
    if request.path.startswith("/editor/") and request.path != "/editor/login":
        return int(float(config["PORTAL_EDITOR_UPLOAD_MAX_MB"]) * 1024 * 1024) + 1024 * 1024  # the file and the form
    return int(float(config["PORTAL_FORM_MAX_KB"]) * 1024)


# endpoints whose protocol defines its own answer to bad arguments (OAI-PMH: badArgument in a 200)
OWN_ERRORS = {"oai.endpoint"}


def _text_is_bad(value: str) -> bool:
    return CONTROL.search(value) is not None


def check_request():
    """before_request: sizes first (nothing is read yet), then path values, then query and form values."""
    limit = body_limit()
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)
    if request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        abort(411)  # werkzeug would cut a chunked body at the limit without a word; browsers send a length
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and (len(value) > MAX_SEGMENT or _text_is_bad(value)):
            abort(404)
    if request.endpoint in OWN_ERRORS:
        return None
    for key, value in request.args.items(multi=True):
        if _text_is_bad(key) or _text_is_bad(value):
            if request.path.startswith("/api/"):  # the API answers in JSON, errors too
                return jsonify({"error": {"status": 400, "parameter": key if not _text_is_bad(key) else None,
                                          "message": "control characters are not allowed"}}), 400
            abort(400)
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
        "application/x-www-form-urlencoded", "multipart/form-data"
    ):
        for key, value in request.form.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400)
    return None


def _close_after_413(response):
    """A 413 ends the connection, so the server does not read (and discard) the rest of the body."""
    if response.status_code == 413:
        response.headers["Connection"] = "close"
    return response


def init_app(app: Flask) -> None:
    """Call before any blueprint adds its rules, so `<int:…>` is the bounded converter."""
    app.url_map.converters["int"] = BoundedInt
    app.before_request(check_request)
    app.after_request(_close_after_413)
