"""The Kennzahlenkatalog: the overview, a page per indicator with charts, table and downloads, an
embed page. Thin: the indicators package computes and draws, these views read the URL and render."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import format_date, gettext
from markupsafe import Markup

from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..indicators import export, figures, render
from ..indicators.catalogue import catalogue
from ..indicators.drawer import DrawingError
from ..indicators.numbers import fmt
from ..indicators.overview import catalogue_groups
from ..rendering import render_item, send_bundle_file, visible_or_404

bp = Blueprint("indicators", __name__)
bp.add_app_template_global(fmt, "fmt")
bp.add_app_template_global(lambda item, column: figures.breakdown_label(item, column, current_language()), "breakdown_label")
bp.add_app_template_global(lambda item, column, key: figures.value_label(item, column, key, current_language()), "value_label")


@localized(bp, "indicators", "/")
def index():
    corpus = get_corpus()
    stages = corpus.taxonomy.terms("education_stages")
    stage = request.args.get("stage", "")
    status = 200
    if stage and stage not in stages:
        stage, status = "", 400
    cat, bundles, lang = catalogue(corpus), corpus.visible("indicators", now()), current_language()
    groups = cat.memo(("overview", stage, lang, tuple(b.slug for b in bundles)),
                      lambda: catalogue_groups(cat, bundles, lang, stage, gettext))
    return render_template("indicators/index.html", groups=groups, stages=stages, stage=stage, bad_stage=status == 400), status


def read_choices(item, data) -> tuple[dict[str, str], str | None, list[str]]:
    """Breakdown values and the highlighted district from the URL; unknown ones become messages."""
    lang = current_language()
    chosen, errors = {}, []
    for column in data.columns:
        value = request.args.get(column, "")
        if value and value != "all" and value not in data.choices[column]:
            errors.append(gettext("There is no value “%(value)s” for %(column)s; all are shown.",
                                  value=value[:40], column=figures.breakdown_label(item, column, lang)))
        elif value and value != "all":
            chosen[column] = value
    highlight = request.args.get("highlight") or None
    if highlight and highlight not in data.regions:
        errors.append(gettext("There is no Revierkommune “%(value)s”; none is highlighted.", value=highlight[:40]))
        highlight = None
    return chosen, highlight, errors


def _figure(slug: str):
    return _figure_of(visible_or_404("indicators", slug))


def _figure_of(bundle):
    lang = current_language()
    item = bundle.text(lang)
    cat = catalogue(get_corpus())
    data = cat.data(bundle.primary)
    chosen, highlight, errors = read_choices(item, data)
    fig = figures.figure(cat, item, lang, chosen)
    return bundle, item, cat, data, fig, highlight, errors


def _query(fig, data) -> dict:
    return {c: s for c, s in zip(data.columns, fig.selection) if s != "all"}


@localized(bp, "indicators", "/<slug>/")
def detail(slug: str):
    bundle = visible_or_404("indicators", slug)
    context = page_context(bundle)
    html = render_item("indicators/detail.html", bundle, **context)
    return html, 400 if context["errors"] else 200


def page_context(bundle) -> dict:
    """What indicators/detail.html shows of `bundle` (the public page and an editor's draft preview)."""
    bundle, item, cat, data, fig, highlight, errors = _figure_of(bundle)
    slug = bundle.slug
    lang = current_language()
    corpus = get_corpus()
    related = [b for s in bundle.primary.related if (b := corpus.find("indicators", s, now())) is not None]
    query = _query(fig, data)
    page_url = url_for("indicators.detail", slug=slug, _external=True, **query)
    year = (item.updated or item.date.date()).year if (item.updated or item.date) else now().year
    context = dict(
        fig=fig, data=data, highlight=highlight, errors=errors, related=related, query=query,
        line_svg=figures.line_svg(cat, fig, lang, gettext, highlight),
        bar_svg=figures.bar_svg(cat, fig, lang, gettext, highlight),
        source_line=figures.source_line(fig, gettext),
        citation=figures.citation(item, "BiSMit", page_url, year, format_date(now(), "medium"), gettext),
        map_svg=figures.map_svg(cat, fig, lang, gettext, highlight), bad_rows=slug in cat.bad_data,
        table_html=_table_html(cat, fig, item, highlight),
    )
    return context


def _table_html(cat, fig, item, highlight: str | None) -> Markup:
    """The values table: 150 formatted cells are most of a page's rendering, so the table without a
    highlighted district (most requests) is kept per snapshot, data version, language and breakdown."""
    def render() -> Markup:
        return Markup(render_template("indicators/_table.html", fig=fig, item=item, highlight=highlight))

    if highlight:
        return render()
    return cat.memo(("table", cat.version(item), current_language(), fig.selection), render)


@localized(bp, "indicators", "/<slug>/embed/")
def embed(slug: str):
    bundle, item, cat, data, fig, highlight, errors = _figure(slug)
    lang = current_language()
    return render_template("indicators/embed.html", item=item, fig=fig, query=_query(fig, data),
                           line_svg=figures.line_svg(cat, fig, lang, gettext, highlight),
                           source_line=figures.source_line(fig, gettext)), 400 if errors else 200


@localized(bp, "indicators", "/<slug>/export/<name>")
def download(slug: str, name: str):
    """values.csv, values.json, metadata.json, chart.svg, chart.png — of exactly what the page shows."""
    bundle, item, cat, data, fig, highlight, errors = _figure(slug)
    if errors:
        abort(400)
    lang = current_language()
    stem = f"{slug}{''.join('-' + s for s in fig.selection if s != 'all')}"
    if name == "values.csv":
        body = export.table_csv(fig.table, data.columns, fig.selection, item.aggregate)
        return _file(body, "text/csv; charset=utf-8", f"{stem}.csv")
    if name == "values.json":
        return _file(json.dumps(export.table_json(fig.table)), "application/json", f"{stem}.json")
    if name == "metadata.json":
        page_url = url_for("indicators.detail", slug=slug, _external=True, **_query(fig, data))
        year = (item.updated or item.date.date()).year if (item.updated or item.date) else now().year
        cite = figures.citation(item, "BiSMit", page_url, year, format_date(now(), "medium"), gettext)
        meta = export.metadata(item, url=page_url, citation=cite, lang=lang, breakdown=fig.choice_label or "all")
        return _file(json.dumps(meta, ensure_ascii=False, indent=2), "application/json", f"{stem}-metadata.json")
    if name == "chart.svg":
        svg = figures.line_svg(cat, fig, lang, gettext, highlight)
        if not svg:
            abort(503)  # the drawing process failed; logged
        return _file('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, "image/svg+xml", f"{stem}.svg")
    if name == "chart.png":
        key = (cat.version(item), lang, "line", fig.selection, highlight)
        try:
            png = render.png(key, lambda: figures.line_spec(fig, lang, gettext, highlight), lang=lang)
        except DrawingError:
            current_app.logger.exception("chart.png of %s could not be drawn", slug)
            abort(503)
        return _file(png, "image/png", f"{stem}.png")
    abort(404)


def _file(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.max_age = 600
    return response


@localized(bp, "indicators", "/<slug>/<filename>")
def attachment(slug: str, filename: str):
    return send_bundle_file("indicators", slug, filename)
