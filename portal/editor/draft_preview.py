"""A draft's or scheduled item's full page before it is public: a secret link that expires.

Editors open it from the edit page and may pass it on to a colleague without an account; the
link carries the item and language signed with the portal's secret and works for PREVIEW_DAYS.
The page is the item's real detail page (title, summary, picture, body) with a notice on top,
never indexed, cached or sent on as a referrer.
"""
from __future__ import annotations

import time

from flask import abort, current_app, g, render_template, url_for
from flask_babel import refresh as refresh_babel
from itsdangerous import BadSignature, URLSafeSerializer

from ..content.records import LANGUAGES, SECTIONS
from ..content.store import get_corpus
from ..rendering import render_item
from .auth import PUBLIC_ENDPOINTS, bp

PREVIEW_DAYS = 7
SALT = "draft-preview"
ENDPOINT = "editor.draft_preview"
PUBLIC_ENDPOINTS.add(ENDPOINT)  # the signed token is the permission


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(section: str, slug: str, lang: str, issued: float | None = None) -> str:
    """The signed [section, slug, lang, issued] (issued: Unix time; tests pass an earlier one)."""
    return _serializer().dumps([section, slug, lang, int(time.time() if issued is None else issued)])


def preview_url(section: str, slug: str, lang: str) -> str:
    return url_for(ENDPOINT, token=make_token(section, slug, lang), _external=True)


@bp.route("/preview/<token>")
def draft_preview(token: str):
    try:
        section, slug, lang, issued = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        abort(404)
    if not isinstance(issued, int) or time.time() - issued > PREVIEW_DAYS * 24 * 3600:
        return _gone()
    if section not in SECTIONS or lang not in LANGUAGES:
        abort(404)
    bundle = get_corpus().bundle(section, slug)
    if bundle is None:
        abort(404)
    g.lang = lang
    refresh_babel()
    context = {}
    if section == "indicators":
        from ..views.indicators import page_context  # the same charts and table as the public page

        context = page_context(bundle)
    html = render_item(f"{section}/detail.html", bundle, preview_days=PREVIEW_DAYS, **context)
    return html, 200, _private_headers()


def _gone():
    return render_template("editor/preview_gone.html", days=PREVIEW_DAYS), 410, _private_headers()


def _private_headers() -> dict:
    return {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}
