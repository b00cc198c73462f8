"""The BiSMit knowledge portal: `create_app()` builds a configured Flask application."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from . import caching, config, db, edge, editor, extensions, i18n, search, security, template_i18n, templating
from . import citations, indicators, oai, pictures, registration
from .content import cli as content_cli
from .content import store
from .views import register_blueprints

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Application factory: settings, then each subsystem's init_app, then blueprints."""
    instance = (overrides or {}).get("INSTANCE_PATH") or os.environ.get("PORTAL_INSTANCE_DIR") or REPO_ROOT / "instance"
    app = Flask(__name__, instance_path=str(Path(instance).resolve()), instance_relative_config=False)
    settings = config.load_settings(app.instance_path, {k: v for k, v in (overrides or {}).items() if k != "INSTANCE_PATH"})
    app.config.update(settings)
    app.config["SECRET_KEY"] = app.config["PORTAL_SECRET_KEY"]
    # Flask defines the key as None, so .get() never gave a default: the largest body of any route
    # (an editor's upload); each route's own, smaller limit is set by edge.check_request.
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = int((float(app.config["PORTAL_EDITOR_UPLOAD_MAX_MB"]) + 1) * 1024 * 1024)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    edge.init_app(app)
    db.init_app(app)
    extensions.init_app(app)
    store.init_app(app)
    i18n.init_app(app)
    template_i18n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    caching.init_app(app)
    register_blueprints(app)
    editor.init_app(app)
    registration.init_app(app)
    content_cli.init_app(app)
    indicators.init_app(app)
    search.init_app(app)
    oai.init_app(app)
    citations.init_app(app)
    pictures.init_app(app)
    return app
