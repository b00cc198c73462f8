"""Admin pages (accounts, audit log) and the account's own settings."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import select

from ..db import db
from . import accounts, audit
from .auth import admin_required, bp
from .forms import AccountForm, ActionForm, PasswordForm, PreferencesForm
from .models import ROLES, Account

ACCOUNT_ERRORS = {
    "not a valid e-mail address": lambda: _("Not a valid e-mail address."),
    "an account with this e-mail address exists already": lambda: _("An account with this e-mail address exists already."),
}


def _account_error(exc: accounts.AccountError) -> str:
    text = str(exc)
    if text.startswith("the password needs"):
        return _("The password needs at least %(n)d characters.", n=accounts.MIN_PASSWORD_LENGTH)
    return ACCOUNT_ERRORS.get(text, lambda: text)()


def _account(account_id: int) -> Account:
    account = db.session.get(Account, account_id)
    if account is None:
        abort(404)
    return account


@bp.route("/admin/accounts", methods=["GET", "POST"])
@admin_required
def admin_accounts():
    form = AccountForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.create(form.email.data, form.password.data, form.role.data, actor=current_user)
        except accounts.AccountError as exc:
            target = form.password if "password" in str(exc) else form.email
            target.errors = list(target.errors) + [_account_error(exc)]
            status = 422
        else:
            flash(_("Account %(email)s created.", email=form.email.data), "success")
            return redirect(url_for("editor.admin_accounts"))
    elif request.method == "POST":
        status = 422
    rows = list(db.session.scalars(select(Account).order_by(Account.email)))
    return render_template("editor/accounts.html", form=form, accounts=rows, roles=ROLES, action=ActionForm(),
                           password_form=PasswordForm(formdata=None)), status


@bp.route("/admin/accounts/<int:account_id>/<verb>", methods=["POST"])
@admin_required
def admin_account_action(account_id: int, verb: str):
    account = _account(account_id)
    me = current_user._get_current_object()
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    if account.id == me.id and verb in ("disable", "role"):
        flash(_("You cannot disable your own account or change your own role."), "error")
    elif verb == "disable":
        accounts.set_active(account, False, actor=me)
        flash(_("Account %(email)s disabled.", email=account.email), "success")
    elif verb == "enable":
        accounts.set_active(account, True, actor=me)
        flash(_("Account %(email)s enabled.", email=account.email), "success")
    elif verb == "role" and request.form.get("role") in ROLES:
        accounts.set_role(account, request.form["role"], actor=me)
        flash(_("Role of %(email)s changed.", email=account.email), "success")
    elif verb == "sessions":
        accounts.end_sessions(account, actor=me)
        flash(_("%(email)s is logged out everywhere.", email=account.email), "success")
    elif verb == "password":
        try:
            accounts.set_password(account, request.form.get("password", ""), actor=me)
        except accounts.AccountError as exc:
            flash(_account_error(exc), "error")
        else:
            flash(_("Password of %(email)s changed.", email=account.email), "success")
    else:
        abort(404)
    return redirect(url_for("editor.admin_accounts"))


@bp.route("/admin/audit")
@admin_required
def admin_audit():
    page = request.args.get("page", "1")
    page_number = int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 100000 else 1
    action = request.args.get("action", "")[:32]
    entries = audit.latest(limit=100, offset=(page_number - 1) * 100, action=action)
    return render_template("editor/audit.html", entries=entries, page=page_number, action=action)


@bp.route("/account", methods=["GET", "POST"])
def account_settings():
    me = current_user._get_current_object()
    prefs = PreferencesForm(data={"language": me.language or ""}) if request.method == "GET" else PreferencesForm()
    password_form = PasswordForm(formdata=None)
    if prefs.validate_on_submit():
        me.language = prefs.language.data or None
        audit.record("account.language", me, target=me.email, detail=me.language or "")
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("editor.account_settings"))
    return render_template("editor/account.html", prefs=prefs, password_form=password_form, action=ActionForm())


@bp.route("/account/password", methods=["POST"])
def account_password():
    me = current_user._get_current_object()
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(me, form.password.data, actor=me)
        except accounts.AccountError as exc:
            flash(_account_error(exc), "error")
        else:
            logout_user()
            flash(_("Password changed. Please log in with the new password."), "success")
            return redirect(url_for("editor.login"))
    else:
        flash(_("Please enter a password."), "error")
    return redirect(url_for("editor.account_settings"))
