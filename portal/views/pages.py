"""Pages from content/pages/: about, imprint, privacy, accessibility statement, Leichte Sprache."""
from __future__ import annotations

from flask import Blueprint

from ..i18n import localized
from ..rendering import render_item, send_bundle_file, visible_or_404

bp = Blueprint("pages", __name__)


@localized(bp, "pages", "/<slug>/")
def detail(slug: str):
    return render_item("pages/detail.html", visible_or_404("pages", slug))


@localized(bp, "pages", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    return send_bundle_file("pages", slug, filename)
