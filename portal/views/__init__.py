"""Public blueprints, one per feature."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, comparison, errors, events, feeds, home, indicators, news, pages, search, studies, taxonomy
    from . import assets, calendars, cite, head, oai, sitemap  # noqa: F401  (sitemap adds its routes to feeds.bp)

    for module in (home, studies, news, events, indicators, comparison, taxonomy, pages, feeds, search, api):
        app.register_blueprint(module.bp)
    for module in (assets, calendars, cite, oai):
        app.register_blueprint(module.bp)
    head.init_app(app)
    errors.init_app(app)
