"""Studies: a filterable list and a page per study, with its attachments."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..content.records import Study
from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..rendering import render_item, send_bundle_file, visible_or_404
from .common import paginate

bp = Blueprint("studies", __name__)

FILTERS = ("topic", "kind", "region", "year")


@localized(bp, "studies", "/")
def index():
    corpus = get_corpus()
    moment = now()
    studies = corpus.visible("studies", moment)
    chosen = {name: request.args.get(name, "") for name in FILTERS}
    filtered = any(chosen.values())
    matching = [b for b in studies if _matches(b.primary, chosen)] if filtered else studies
    return render_template(
        "studies/index.html",
        pagination=paginate(matching, current_app.config["PORTAL_PAGE_SIZE"]),
        chosen=chosen,
        options=_filter_options(corpus.study_years(moment)),
        filtered=filtered,
    )


def _filter_options(years: list[int]) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for each filter; years only those that have studies."""
    taxonomy = get_corpus().taxonomy  # the same snapshot the caller used
    lang = current_language()
    options = {
        name: [(key, term.label(lang)) for key, term in taxonomy.terms(vocabulary).items()]
        for name, vocabulary in (("topic", "topics"), ("kind", "study_kinds"), ("region", "regions"))
    }
    options["year"] = [(str(y), str(y)) for y in years]
    return options


def _matches(study: Study, chosen: dict[str, str]) -> bool:
    return (
        (not chosen["topic"] or chosen["topic"] in study.topics)
        and (not chosen["kind"] or chosen["kind"] == study.kind)
        and (not chosen["region"] or chosen["region"] in study.regions)
        and (not chosen["year"] or chosen["year"] == str(study.year))
    )


@localized(bp, "studies", "/<slug>/")
def detail(slug: str):
    return render_item("studies/detail.html", visible_or_404("studies", slug))


@localized(bp, "studies", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    return send_bundle_file("studies", slug, filename)

