"""A page per topic and per Revierkommune, listing everything tagged with it."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext

from ..content.records import SECTIONS
from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..indicators import geo
from ..indicators.catalogue import catalogue
from ..indicators.overview import region_lines

bp = Blueprint("taxonomy", __name__)


@localized(bp, "topics", "/")
def topics():
    return _overview("topics")


@localized(bp, "regions", "/")
def regions():
    return _overview("regions")


@localized(bp, "topics", "/<key>/")
def topic(key: str):
    return _tagged("topics", key)


@localized(bp, "regions", "/<key>/")
def region(key: str):
    return _tagged("regions", key)


def _overview(vocabulary: str):
    corpus = get_corpus()
    moment = now()
    counts = {key: len(corpus.tagged(vocabulary, key, moment)) for key in corpus.taxonomy.terms(vocabulary)}
    return render_template("taxonomy/overview.html", vocabulary=vocabulary, terms=corpus.taxonomy.terms(vocabulary), counts=counts,
                           map_svg=_regions_map() if vocabulary == "regions" else "")


def _regions_map() -> str:
    """The map of the nine, each district a link to its profile (portal/indicators/geo.py, when there)."""
    corpus = get_corpus()
    lang = current_language()
    regions = catalogue(corpus).regions
    links = {key: url_for("taxonomy.region", key=key) for key in regions}
    names = {key: corpus.taxonomy.label("regions", key, lang) for key in regions}
    return geo.regions_overview_svg(lang, names, links)


def _tagged(vocabulary: str, key: str):
    corpus = get_corpus()
    term = corpus.taxonomy.term(vocabulary, key)
    if term is None:
        abort(404)
    tagged = corpus.tagged(vocabulary, key, now())
    groups = [(section, [b for b in tagged if b.section == section]) for section in SECTIONS if section != "pages"]
    lines = []
    if vocabulary == "regions":
        cat = catalogue(corpus)
        if key in cat.regions:
            lines = region_lines(cat, corpus.visible("indicators", now()), key, current_language(), gettext)
        groups = [g for g in groups if g[0] != "indicators"]  # the profile table lists them with their values
    return render_template("taxonomy/term.html", vocabulary=vocabulary, term=term, groups=[g for g in groups if g[1]],
                           lines=lines)
