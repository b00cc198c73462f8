"""Pages from content/pages/: about, imprint, privacy, accessibility statement, Leichte Sprache."""
from __future__ import annotations

from flask import Blueprint

from ..i18n import localized
from .common import render_item, visible_or_404
from .studies import send_bundle_file

bp = Blueprint("pages", __name__)


@localized(bp, "pages", "/<slug>/")
def detail(slug: str):
    return render_item("pages/detail.html", visible_or_404("pages", slug))


@localized(bp, "pages", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    return send_bundle_file("pages", slug, filename)
