"""HTTP caching and the reverse proxy: what a proxy may keep, fingerprinted static URLs, ProxyFix.

Anonymous pages are the same for everyone, so a proxy may keep them for PORTAL_CACHE_SECONDS
(`s-maxage`; browsers revalidate with the ETag and get a 304). Anything personal is
`private, no-store`: editor pages, pages that used the session, pages with a form token (they are
made for one visitor), and every answer that is not a 200. Static files get a content hash in their
name (`css/portal.3f2a…c1.css`), so nginx (deploy/nginx) and browsers may keep them for a year.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, current_app, g, request, send_from_directory
from werkzeug.middleware.proxy_fix import ProxyFix

FINGERPRINT = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<ext>\.[A-Za-z0-9]+)$")
YEAR = 365 * 24 * 3600
_hashes: dict[tuple[str, float], str] = {}


def mark_personal() -> None:
    """The page being rendered is for this visitor only (e.g. it carries a form token)."""
    g.personal_page = True


def fingerprinted(name: str, content: bytes) -> str:
    """`css/portal.css` -> `css/portal.<12 hex of the content's sha256>.css` (also used by
    scripts/vendor_assets.py for the font URLs it writes into a stylesheet)."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{ext}" if dot else name


def _fingerprint(filename: str) -> str:
    path = Path(current_app.static_folder or "") / filename
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return filename
    key = (str(path), mtime)
    name = _hashes.get(key)
    if name is None:
        name = _hashes[key] = fingerprinted(filename, path.read_bytes())
    return name


def _static_defaults(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and not FINGERPRINT.match(values["filename"]):
        values["filename"] = _fingerprint(values["filename"])


def static(filename: str):
    """Flask's static view, knowing fingerprinted names (nginx serves them itself in production)."""
    match = FINGERPRINT.match(filename)
    if match:
        response = send_from_directory(current_app.static_folder, match["stem"] + match["ext"], max_age=YEAR)
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
    return send_from_directory(current_app.static_folder, filename)


def _session_used() -> bool:
    """Whether the view read or wrote the session (reading `flask.session` here would count as using it)."""
    from flask.globals import request_ctx

    opened = getattr(request_ctx._get_current_object(), "_session", None)
    return bool(opened is not None and getattr(opened, "accessed", False))


def _policy(response):
    if "Cache-Control" in response.headers and response.status_code == 200:
        return response  # the view chose (files, exports, search answers)
    personal = (
        request.method not in ("GET", "HEAD") or response.status_code != 200
        or request.path.startswith("/editor") or g.get("personal_page") or _session_used()
        or "Set-Cookie" in response.headers
    )
    if personal:
        response.headers["Cache-Control"] = "private, no-store"
        return response
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={int(current_app.config['PORTAL_CACHE_SECONDS'])}"
    if not response.direct_passthrough and not response.is_streamed:
        response.add_etag()
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(_static_defaults)
    app.view_functions["static"] = static
    app.after_request(_policy)
    hops = int(app.config["PORTAL_PROXY_COUNT"])
    if hops > 0:  # behind N proxies: the client's address and scheme come from their X-Forwarded-* headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)
