"""What every public page of an item needs, below the blueprints that use it (views, registration):
the visible bundle or a 404, the detail page in the visitor's language, a file from the bundle."""
from __future__ import annotations

from flask import abort, render_template, send_from_directory

from .content.records import Bundle
from .content.store import get_corpus, now
from .i18n import current_language

DOWNLOADABLE = {".pdf", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".csv", ".xlsx", ".docx", ".odt", ".ods"}


def visible_or_404(section: str, slug: str) -> Bundle:
    bundle = get_corpus().find(section, slug, now())
    if bundle is None:
        abort(404)
    return bundle


def render_item(template: str, bundle: Bundle, **context) -> str:
    """Render a detail page: the text in the visitor's language or the German fallback."""
    lang = current_language()
    text = bundle.text(lang)
    return render_template(
        template,
        bundle=bundle,
        item=text,
        is_fallback=text.lang != lang,
        alternates=bundle.languages,
        **context,
    )


def send_bundle_file(section: str, slug: str, filename: str):
    """Serve a file that lives in a published bundle: only known passive types, never Markdown."""
    bundle = visible_or_404(section, slug)
    if "." not in filename or "." + filename.rsplit(".", 1)[1].lower() not in DOWNLOADABLE:
        abort(404)
    return send_from_directory(bundle.primary.bundle_dir, filename, max_age=3600)
