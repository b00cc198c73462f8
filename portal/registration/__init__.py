"""Event registration: capacity, waiting list, double opt-in, cancellation (issue 4).

models (tables) -> places (locked write path) -> service (operations, plain arguments)
-> notify/mail (mails; the .ics from syndication.calendar) -> views/links (HTTP) and cli (`flask registrations ...`).
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import cli, links, views  # noqa: F401  (views and links register routes on bp)
    from .routes import bp

    app.register_blueprint(bp)
    cli.init_app(app)
    from .listing import registration_state

    app.jinja_env.globals["registration_state"] = registration_state
