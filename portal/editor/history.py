"""History of an item: revisions per language, a diff between any two, one-click restore."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content.records import SECTIONS
from ..content.store import get_corpus
from ..db import db
from ..edge import id_value
from . import revisions, service, storage
from .auth import bp
from .forms import ActionForm
from .messages import contract
from .models import Revision


def _root() -> Path:
    return Path(current_app.config["PORTAL_CONTENT_DIR"])


def _check(section: str, slug: str) -> None:
    if section not in SECTIONS:
        abort(404)
    try:
        storage.bundle_dir(_root(), section, slug)
    except storage.UnsafePath:
        abort(404)


@bp.route("/<section>/<slug>/history")
def history(section: str, slug: str):
    _check(section, slug)
    if revisions.sync(_root(), section, slug):
        db.session.commit()
    entries = revisions.history(section, slug)
    if not entries:
        abort(404)
    return render_template("editor/history.html", section=section, slug=slug, entries=entries, action=ActionForm())


@bp.route("/<section>/<slug>/diff")
def diff(section: str, slug: str):
    _check(section, slug)
    a_id, b_id = id_value(request.args.get("a")), id_value(request.args.get("b"))
    if a_id is None or b_id is None:
        abort(404)
    a, b = db.session.get(Revision, a_id), db.session.get(Revision, b_id)
    if a is None or b is None or {(a.section, a.slug), (b.section, b.slug)} != {(section, slug)}:
        abort(404)
    if a.id > b.id:
        a, b = b, a
    return render_template("editor/diff.html", section=section, slug=slug, a=a, b=b,
                           lines=revisions.diff(a.text, b.text), action=ActionForm())


@bp.route("/revisions/<int:revision_id>/restore", methods=["POST"])
def restore(revision_id: int):
    revision = db.session.get(Revision, revision_id)
    if revision is None:
        abort(404)
    try:
        service.restore(_root(), revision_id, get_corpus().taxonomy, current_user._get_current_object())
    except service.Problems as exc:
        details = "; ".join(f"{name}: {contract(msg)}" if name else contract(msg) for (_lang, name), msg in exc.fields.items())
        flash(_("This revision cannot be restored: %(details)s", details=details), "error")
    except storage.WriteFailed:
        flash(_("The file could not be written. The previous version is unchanged; please try again."), "error")
    else:
        flash(_("Revision %(id)d restored.", id=revision_id), "success")
    return redirect(url_for("editor.history", section=revision.section, slug=revision.slug))
