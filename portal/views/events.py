"""Events: upcoming and past, and a page per event."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..content.store import get_corpus, now
from ..i18n import localized
from ..registration.views import render_page
from ..rendering import render_item, send_bundle_file, visible_or_404

bp = Blueprint("events", __name__)


@localized(bp, "events", "/")
def index():
    moment = now()
    events = get_corpus().visible("events", moment)
    upcoming = sorted((b for b in events if _ends(b) >= moment), key=lambda b: b.primary.start)
    past = sorted((b for b in events if _ends(b) < moment), key=lambda b: b.primary.start, reverse=True)
    return render_template("events/index.html", upcoming=upcoming, past=past)


def _ends(bundle):
    event = bundle.primary
    return event.end or event.start


@localized(bp, "events", "/<slug>/")
def detail(slug: str):
    bundle = visible_or_404("events", slug)
    if bundle.primary.registration is not None:
        return render_page(bundle)
    return render_item("events/detail.html", bundle, is_past=_ends(bundle) < now())


@localized(bp, "events", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    """The event's picture file (its page shows the resized renders; feeds and link previews name this)."""
    return send_bundle_file("events", slug, filename)
