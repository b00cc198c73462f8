"""`flask indicators draw`: draw every indicator's charts and maps into the chart folder ahead of
traffic (after a deployment or a data update), so that no worker draws, nor loads the JavaScript
engine vl-convert draws with (~100 MB per process); `flask indicators clear-charts` empties it."""
from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..content.records import LANGUAGES
from . import render

indicators = AppGroup("indicators", help="The regional education monitoring.")


def draw_all(app: Flask) -> int:
    """Every published indicator, both languages, each breakdown value and 'all': line, bar, map."""
    from flask_babel import gettext

    from ..content.store import now
    from .catalogue import catalogue
    from .figures import bar_svg, figure, line_svg, map_svg

    drawn = 0
    corpus = app.extensions["content"].corpus
    cat = catalogue(corpus)
    for lang in LANGUAGES:
        with app.test_request_context(f"/{lang}/"):
            for bundle in corpus.visible("indicators", now()):
                item = bundle.text(lang)
                data = cat.data(bundle.primary)
                choices = [{}] + [{column: value} for column in data.columns for value in data.choices[column]]
                for chosen in choices:
                    fig = figure(cat, item, lang, chosen)
                    line_svg(cat, fig, lang, gettext)
                    bar_svg(cat, fig, lang, gettext)
                    map_svg(cat, fig, lang, gettext)
                    drawn += 3
    return drawn


@indicators.command("draw")
def draw() -> None:
    """Draw all charts and maps into PORTAL_CHART_CACHE_DIR (kept ones are skipped)."""
    started = time.monotonic()
    count = draw_all(current_app)
    click.echo(f"{count} charts and maps ready in {render.folder()} ({time.monotonic() - started:.1f} s).")


@indicators.command("clear-charts")
def clear_charts() -> None:
    """Remove every drawn chart (they are drawn again when asked for)."""
    click.echo(f"{render.clear()} file(s) removed from {render.folder()}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(indicators)
