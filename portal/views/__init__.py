"""Public blueprints, one per feature."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, comparison, errors, events, feeds, home, indicators, news, pages, search, studies, taxonomy

    for module in (home, studies, news, events, indicators, comparison, taxonomy, pages, feeds, search, api):
        app.register_blueprint(module.bp)
    errors.init_app(app)
