"""The front door: `/` chooses a language, `/<lang>/` is the home page."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from ..content.store import get_corpus, now
from ..i18n import localized, preferred_language

bp = Blueprint("home", __name__)


@bp.route("/")
def root():
    response = redirect(url_for("home.home", lang=preferred_language()), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@localized(bp, None, "/")
def home():
    corpus = get_corpus()
    moment = now()
    upcoming = corpus.upcoming_events(moment)
    return render_template(
        "home.html",
        news=corpus.visible("news", moment)[:4],
        events=upcoming[:3],
        studies=corpus.visible("studies", moment)[:3],
        fields=corpus.taxonomy.terms("indicator_fields"),
        field_counts=_indicator_counts(corpus, moment),
        easy_read=corpus.find("pages", "leichte-sprache", moment),
    )


def _indicator_counts(corpus, moment) -> dict[str, int]:
    counts: dict[str, int] = {}
    for bundle in corpus.visible("indicators", moment):
        counts[bundle.primary.field] = counts.get(bundle.primary.field, 0) + 1
    return counts
