"""A page per topic and per Revierkommune, listing everything tagged with it."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..content.records import SECTIONS
from ..content.store import get_corpus, now
from ..i18n import localized
from .indicators import _number_key as number_key

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
    return render_template("taxonomy/overview.html", vocabulary=vocabulary, terms=corpus.taxonomy.terms(vocabulary), counts=counts)


def _tagged(vocabulary: str, key: str):
    corpus = get_corpus()
    term = corpus.taxonomy.term(vocabulary, key)
    if term is None:
        abort(404)
    tagged = corpus.tagged(vocabulary, key, now())
    groups = [(section, [b for b in tagged if b.section == section]) for section in SECTIONS if section != "pages"]
    groups = [(s, sorted(bs, key=lambda b: number_key(b.primary.number)) if s == "indicators" else bs) for s, bs in groups]
    return render_template("taxonomy/term.html", vocabulary=vocabulary, term=term, groups=[g for g in groups if g[1]])
