"""Public blueprints, one per feature."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import api, errors, events, feeds, home, indicators, news, pages, search, studies, taxonomy
    from . import assets

    for module in (home, studies, news, events, indicators, taxonomy, pages, feeds, search, api):
        app.register_blueprint(module.bp)
    app.register_blueprint(assets.bp)
    errors.init_app(app)
