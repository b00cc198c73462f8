"""The editors' part of the portal: accounts, editing with preview, scheduling, revisions (at /editor/)."""
from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from flask import Flask, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError

from . import admin, cli, dashboard, draft_preview, edit, history, registrations  # noqa: F401 - they register their routes on bp
from .auth import bp, login_manager

log = logging.getLogger(__name__)


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when PORTAL_SESSION_COOKIE_SECURE=1, or =auto and the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        setting = str(app.config.get("PORTAL_SESSION_COOKIE_SECURE", "auto")).strip().lower()
        if setting == "auto":
            return request.is_secure
        return setting in ("1", "true", "yes", "on")


def _csrf_failed(error: CSRFError):
    """An expired or missing token: keep the editor's text (edit forms) or show the login again."""
    if request.blueprint == "editor":
        from flask_babel import gettext as _
        from flask_login import current_user

        if current_user.is_authenticated:
            page = edit.render_after_csrf_failure()
            if page is not None:
                return page
        if request.endpoint == "editor.login":
            from .forms import LoginForm

            form = LoginForm()
            return render_template("editor/login.html", form=form,
                                   error=_("The form had expired. Please log in again.")), 400
    return render_template("errors/error.html", error=error), 400


bp.register_error_handler(CSRFError, _csrf_failed)


def _sync_listener(app: Flask):
    def listener(corpus, changed) -> None:
        with app.app_context():
            try:
                from .revisions import sync_all, sync_some

                root = Path(app.config["PORTAL_CONTENT_DIR"])
                if changed is None:
                    sync_all(root)
                else:  # the editor's own save: only the bundle it wrote can hold an outside change
                    sync_some(root, changed)
            except Exception:  # e.g. no database yet: the history catches up when an item is opened
                log.warning("could not record outside content changes", exc_info=True)

    return listener


def _lazy_current_user(app: Flask) -> None:
    """Flask-Login's context processor loads the account for every template, public pages too (a
    logged-in editor got a 500 on every page while the database was down). Templates get the lazy
    proxy instead: only pages that use it (the editor's) load the account."""
    from flask_login import current_user

    processors = app.template_context_processors[None]
    processors[:] = [p for p in processors if getattr(p, "__name__", "") != "_user_context_processor"]
    processors.append(lambda: {"current_user": current_user})
    # Its after_request reads the session on every answer (for "remember me", which the portal never
    # sets), so every public page would vary by cookie and could not be cached by a proxy.
    hooks = app.after_request_funcs.get(None, [])
    hooks[:] = [h for h in hooks if getattr(h, "__name__", "") != "_update_remember_cookie"]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=float(app.config["PORTAL_EDITOR_SESSION_HOURS"]))
    login_manager.init_app(app)
    _lazy_current_user(app)
    app.register_blueprint(bp)
    app.extensions["content"].on_change(_sync_listener(app))
    cli.init_app(app)


__all__ = ["init_app", "bp"]
