"""Login, logout and the rules every editor page follows (login required, admin role, UI language)."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh as refresh_babel
from flask_login import LoginManager, current_user, login_user, logout_user

from markupsafe import Markup

from ..content import markdown as md
from ..extensions import limiter
from ..i18n import preferred_language
from ..templating import section_headings
from . import accounts
from .forms import LoginForm

bp = Blueprint("editor", __name__, url_prefix="/editor")
login_manager = LoginManager()
login_manager.login_view = "editor.login"
login_manager.session_protection = "basic"
PUBLIC_ENDPOINTS = {"editor.login"}


@login_manager.user_loader
def _load(session_id: str):
    return accounts.load(session_id)


@login_manager.unauthorized_handler
def _unauthorized():
    if request.is_json or request.path.startswith("/editor/api/"):
        abort(401)
    if request.method == "GET":
        return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))
    return redirect(url_for("editor.login"))


def safe_next(target: str | None) -> str | None:
    """Only a path on this portal: not //host, /\\host, https:host, javascript:, nor control characters."""
    if not target or not target.startswith("/") or target.startswith("//") or target.startswith("/\\"):
        return None
    if any(ord(c) < 32 or c == "\\" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.before_request
def _guard():
    """Every editor page needs a logged-in account; the UI speaks the account's (or browser's) language."""
    user = current_user
    g.lang = (user.language if user.is_authenticated and user.language else None) or preferred_language()
    refresh_babel()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not user.is_authenticated:
        return _unauthorized()
    return None


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapper.admin_only = True  # the security tests find admin routes by this mark
    return wrapper


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    error = None
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data, form.password.data)
        if result.account is not None:
            target = safe_next(form.next.data) or url_for("editor.dashboard")
            session.clear()  # a fresh session: nothing from before the login survives (no fixation)
            login_user(result.account)
            session.permanent = True
            return redirect(target)
        error = {
            "throttled": _("Too many failed attempts. Please wait %(minutes)d minutes and try again.", minutes=accounts.LOCK_MINUTES),
        }.get(result.reason, _("E-mail address or password is wrong, or the account is disabled."))
    status = 200 if not error else 401
    return render_template("editor/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    from .audit import record
    from ..db import db

    record("logout", current_user, target=current_user.email)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("editor.login"))


@bp.route("/logout-everywhere", methods=["POST"])
def logout_everywhere():
    accounts.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are logged out on every device."), "info")
    return redirect(url_for("editor.login"))


@bp.context_processor
def _names() -> dict:
    """Localised names of sections and statuses for every editor template."""
    return {
        "section_names": section_headings(),
        "status_names": {"published": _("published"), "scheduled": _("scheduled"), "draft": _("draft"),
                         "problem": _("has problems")},
        "render_markdown": lambda text: Markup(md.render(text).html),
        "kind_names": {"save": _("saved"), "restore": _("restored"), "outside": _("outside change"),
                       "delete": _("removed")},
    }
