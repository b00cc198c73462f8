"""The Kennzahlenvergleich: every choice in the URL, a plain GET form, the same chart, table and CSV."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext

from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..indicators import charts, export, figures, render
from ..indicators import compare as comparing
from ..indicators.catalogue import catalogue
from ..indicators.overview import number_key
from ..indicators.series import ranks

bp = Blueprint("comparison", __name__)


@localized(bp, "comparison", "/")
def compare():
    corpus = get_corpus()
    lang = current_language()
    cat = catalogue(corpus)
    bundles = sorted(corpus.visible("indicators", now()), key=lambda b: number_key(b.primary.number))
    visible = {b.slug: b.primary for b in bundles}
    state = comparing.read_state(request.args, cat, visible, gettext)
    status = 400 if state.malformed else 200
    if state.malformed:
        state.messages.insert(0, gettext("This comparison’s address could not be read; the choices below are what could."))
    texts = {b.slug: b.text(lang) for b in bundles}
    context = dict(state=state, bundles=bundles, texts=texts, regions=cat.regions, query=state.query(), chart_svg="", table=None)
    if state.mode == "indicator" and state.indicator is not None:
        context.update(_indicator_mode(cat, state, texts[state.indicator.slug], lang))
    elif state.mode == "region" and state.indicators:
        context.update(_region_mode(cat, state, texts, lang))
    if request.args.get("format") == "csv" and not state.malformed and context.get("csv") is not None:
        response = Response(context["csv"], mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="kennzahlenvergleich.csv"'
        return response
    context["labels"] = {key: corpus.taxonomy.label("regions", key, lang) for key in (*cat.regions, "revier")}
    return render_template("comparison/index.html", **context), status


def _indicator_mode(cat, state, item, lang: str) -> dict:
    table, selection = comparing.indicator_table(cat, state)
    fig = figures.figure(cat, item, lang, state.chosen)
    fig.table = table
    fig.latest = table.latest_year()
    fig.ranks = ranks({r: table.value(r, fig.latest) for r in table.regions}, item.direction) if fig.latest else {}
    series = figures.line_series(fig)
    title, description = figures.chart_title(fig), figures.line_description(fig, lang, gettext)
    key = ("compare-a", cat.version(item), lang, selection, tuple(table.regions), tuple(table.years))
    svg = render.svg(key, lambda: charts.line(series, title=title, description=description, source=figures.source_line(fig, gettext),
                                              unit=item.unit, decimals=item.decimals, lang=lang,
                                              direct_labels=len(series) <= 4), lang=lang, title=title, description=description)
    data = cat.data(state.indicator)
    return dict(fig=fig, data=data, item=item, chart_svg=svg, map_svg=figures.map_svg(cat, fig, lang, gettext), source_line=figures.source_line(fig, gettext),
                csv=export.table_csv(table, data.columns, selection, item.aggregate))


def _region_mode(cat, state, texts, lang: str) -> dict:
    series, indexed, base = comparing.region_series(cat, state)
    for s in series:
        s["label"] = f"{texts[s['key']].number} {texts[s['key']].title}"
    region = cat.corpus.taxonomy.label("regions", state.region, lang)
    unit = gettext("Index (%(year)s = 100)", year=base) if indexed else series[0]["item"].unit
    decimals = 1 if indexed else series[0]["item"].decimals
    title = gettext("%(region)s: %(count)d indicators", region=region, count=len(series))
    description = gettext("Line chart of %(count)d indicators in %(region)s, one line per indicator%(indexed)s. The exact values are in the table.",
                          count=len(series), region=region,
                          indexed=gettext(", indexed to %(year)s = 100", year=base) if indexed else "")
    sources = "; ".join(dict.fromkeys(s["item"].source for s in series))
    source = gettext("Source: %(source)s", source=sources)
    if any(s["item"].sample_data for s in series):
        source += " · " + gettext("Illustrative sample data, not official statistics")
    key = ("compare-b", tuple(cat.version(s["item"]) for s in series), lang, state.region, base, indexed)
    svg = render.svg(key, lambda: charts.line(series, title=title, description=description, source=source, unit=unit,
                                              decimals=decimals, lang=lang, direct_labels=len(series) <= 4),
                     lang=lang, title=title, description=description)
    years = sorted({y for s in series for y, _ in s["points"]})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", "region", "year", "index" if indexed else "value"])
    for s in series:
        for year, value in s["points"]:
            if value is not None:
                writer.writerow([s["key"], state.region, year, repr(round(value, 6))])
    return dict(series=series, indexed=indexed, base=base, years=years, unit=unit, decimals=decimals, region_label=region,
                chart_svg=svg, source_line=source, sample=any(s["item"].sample_data for s in series), csv=out.getvalue(),
                chart_title=title)
