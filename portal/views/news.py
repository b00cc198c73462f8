"""News: a paginated list and a page per item."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from ..content.store import get_corpus, now
from ..i18n import localized
from ..rendering import render_item, send_bundle_file, visible_or_404
from .common import paginate

bp = Blueprint("news", __name__)


@localized(bp, "news", "/")
def index():
    items = get_corpus().visible("news", now())
    return render_template("news/index.html", pagination=paginate(items, current_app.config["PORTAL_PAGE_SIZE"]))


@localized(bp, "news", "/<slug>/")
def detail(slug: str):
    return render_item("news/detail.html", visible_or_404("news", slug))


@localized(bp, "news", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    return send_bundle_file("news", slug, filename)
