"""Public blueprints, one per feature."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, comparison, errors, events, feeds, home, indicators, news, pages, search, studies, taxonomy
    from . import calendars, head, sitemap  # noqa: F401  (sitemap adds its routes to feeds.bp)

    for module in (home, studies, news, events, indicators, comparison, taxonomy, pages, feeds, search, api):
        app.register_blueprint(module.bp)
    app.register_blueprint(calendars.bp)
    head.init_app(app)
    errors.init_app(app)
