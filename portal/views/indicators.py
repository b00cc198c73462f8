"""The Kennzahlenkatalog: indicators grouped by the five topic fields, and a profile per indicator."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..content.records import Indicator
from ..content.store import get_corpus, now
from ..i18n import localized
from ..rendering import render_item, send_bundle_file, visible_or_404

bp = Blueprint("indicators", __name__)


@localized(bp, "indicators", "/")
def index():
    corpus = get_corpus()
    indicators = sorted(corpus.visible("indicators", now()), key=lambda b: _number_key(b.primary.number))
    groups = [
        (term, [b for b in indicators if b.primary.field == key])
        for key, term in corpus.taxonomy.terms("indicator_fields").items()
    ]
    return render_template("indicators/index.html", groups=groups)


def _number_key(number: str) -> tuple:
    digits = "".join(c for c in number if c.isdigit())
    return (number.rstrip("0123456789"), int(digits) if digits else 0, number)


@localized(bp, "indicators", "/<slug>/")
def detail(slug: str):
    bundle = visible_or_404("indicators", slug)
    corpus = get_corpus()
    related = [b for s in bundle.primary.related if (b := corpus.find("indicators", s, now())) is not None]
    return render_item("indicators/detail.html", bundle, table=data_table(bundle.primary), related=related)


@localized(bp, "indicators", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    return send_bundle_file("indicators", slug, filename)


def data_table(indicator: Indicator) -> dict:
    """Values by region (rows) and year (columns), for rows without a breakdown."""
    rows = [r for r in indicator.data if not r.breakdown]
    years = sorted({r.year for r in rows})
    regions = sorted({r.region for r in rows}, key=lambda key: get_corpus().taxonomy.label("regions", key, "de"))
    cells = {(r.region, r.year): r for r in rows}
    return {"years": years, "regions": regions, "cells": cells}
