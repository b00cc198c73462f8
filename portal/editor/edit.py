"""Creating and editing items: the form, saving through the service, preview, uploads, editor-only files."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..content import markdown as md
from ..content.records import LANGUAGES, PRIMARY_LANGUAGE, SECTIONS
from ..content.store import get_corpus, now
from ..content.validate import to_datetime
from ..i18n import current_language
from ..templating import date_time
from . import a11y, convert, revisions, service, storage
from .auth import bp
from .draft_preview import preview_url
from .fields import declared, own_fields, widget
from .forms import UploadForm, item_form
from .messages import contract, hint


def root() -> Path:
    return Path(current_app.config["PORTAL_CONTENT_DIR"])


def max_upload() -> int:
    return int(current_app.config["PORTAL_EDITOR_UPLOAD_MAX_MB"] * 1024 * 1024)


def _check_section(section: str) -> None:
    if section not in SECTIONS:
        abort(404)


def _make_form(section: str, slug: str | None, data: dict | None = None):
    folder_files: list[str] = []
    if slug:
        try:
            folder_files = storage.bundle_files(storage.bundle_dir(root(), section, slug))
        except storage.UnsafePath:
            abort(404)
    corpus = get_corpus()
    targets = {f.refers_to for f in declared(section).fields if f.refers_to}
    others = {target: [(b.slug, f"{getattr(b.primary, 'number', '')} {b.text(current_language()).title}".strip())
                       for b in corpus.all(target) if not (target == section and b.slug == slug)] for target in targets}
    return item_form(section, corpus.taxonomy, current_language(), folder_files, others, is_new=slug is None, data=data)


def _attach_problems(form, section: str, problems: dict[tuple[str, str], str]) -> list[str]:
    """Put each problem next to its field; those without a field are returned for the top of the form."""
    alias = {f.name: widget(f).error_target(f) for f in declared(section).fields}
    general = []
    for (lang, name), message in problems.items():
        text = contract(message)
        target = None
        if lang:
            target = getattr(getattr(form, lang).form, name, None)
        else:
            target = getattr(form, alias.get(name, name), None)
        if target is not None and name:
            target.errors = list(target.errors) + [text]
        else:
            general.append(f"{name}: {text}" if name else text)
    return general


def _render(section: str, slug: str | None, form, **context):
    status = context.pop("status", 200)
    hints = {}
    for lang in LANGUAGES:
        body = getattr(form, lang).form.body.data or ""
        hints[lang] = [hint(h) for h in a11y.check(body)] if body.strip() else []
    upload_form = UploadForm(formdata=None) if slug else None
    files = storage.bundle_files(storage.bundle_dir(root(), section, slug)) if slug else []
    public = bool(slug) and get_corpus().find(section, slug, now()) is not None
    previews = {lang: preview_url(section, slug, lang) for lang in LANGUAGES} if slug else {}
    return render_template("editor/edit.html", section=section, slug=slug, form=form, hints=hints,
                           upload_form=upload_form, files=files, declaration=declared(section),
                           own_fields=own_fields(section), public=public, previews=previews, **context), status


def _published_message(shared: dict) -> str:
    if shared.get("draft"):
        return _("Saved as a draft: not shown on the site.")
    if shared.get("date"):
        when = to_datetime(shared["date"])
        if when > now():
            return _("Saved and scheduled: it appears on the site on %(when)s.", when=date_time(when, "medium"))
    return _("Saved and published.")


def _submission(section: str, slug: str, form, is_new: bool) -> service.Submission:
    shared, texts = convert.submitted(section, form, now())
    sub = service.Submission(section=section, slug=slug, shared=shared, texts=texts, is_new=is_new,
                             base_hashes={lang: getattr(form, f"base_{lang}").data or "" for lang in LANGUAGES})
    for name in (f.name for f in declared(section).fields if f.editor_widget == "image"):
        upload = getattr(form, f"{name}_upload", None)
        if upload is not None and upload.data and getattr(upload.data, "filename", ""):
            sub.uploads[name] = (upload.data.filename, upload.data.read(max_upload() + 1))
    csv_field = getattr(form, "data_csv", None)
    if csv_field is not None and csv_field.data and getattr(csv_field.data, "filename", ""):
        sub.data_csv = csv_field.data.read(max_upload() + 1)
    return sub


def _save(section: str, slug: str | None, form):
    """Validate the form, save through the service; re-render with everything kept on any problem."""
    is_new = slug is None
    if not form.validate_on_submit():
        flash(_("Please correct the marked fields."), "error")
        return _render(section, slug, form, status=422)
    if is_new:
        slug = form.slug.data or storage.slugify(form.de.form.title.data or "")
        if not slug:
            form.slug.errors = [_("Please give a title or an address.")]
            return _render(section, None, form, status=422)
    sub = _submission(section, slug, form, is_new)
    try:
        saved = service.save(root(), sub, get_corpus().taxonomy, current_user._get_current_object(), max_upload())
    except service.Problems as exc:
        general = _attach_problems(form, section, exc.fields)
        flash(_("Nothing was saved. Please correct the marked fields."), "error")
        return _render(section, None if is_new else slug, form, general=general, status=422)
    except service.Conflict as exc:
        getattr(form, f"base_{exc.lang}").data = storage.sha256(exc.disk_text)  # a second save overwrites deliberately
        return _render(section, None if is_new else slug, form, conflict=exc,
                       conflict_diff=revisions.diff(exc.disk_text, exc.mine_text), status=409)
    except storage.WriteFailed:
        flash(_("The file could not be written. The previous version is unchanged; please try again."), "error")
        return _render(section, None if is_new else slug, form, status=500)
    flash(_published_message(sub.shared) if saved.written else _("No changes to save."), "success")
    for lang, text in saved.texts.items():
        for h in a11y.check(text.split("\n---\n", 1)[-1]):
            flash(f"{'Deutsch' if lang == 'de' else 'English'}: {hint(h)}", "hint")
    return redirect(url_for("editor.edit", section=section, slug=slug))


@bp.route("/<section>/new", methods=["GET", "POST"])
def new(section: str):
    _check_section(section)
    form = _make_form(section, None)
    if request.method == "POST":
        return _save(section, None, form)
    return _render(section, None, form)


@bp.route("/<section>/<slug>/edit", methods=["GET", "POST"])
def edit(section: str, slug: str):
    _check_section(section)
    try:
        item = service.read_item(root(), section, slug)
    except storage.UnsafePath:
        abort(404)
    if PRIMARY_LANGUAGE not in item:
        abort(404)
    if request.method == "POST":
        return _save(section, slug, _make_form(section, slug))
    if revisions.sync(root(), section, slug):
        from ..db import db

        db.session.commit()
    form = _make_form(section, slug, data=convert.form_data(section, item))
    for lang in LANGUAGES:
        getattr(form, f"base_{lang}").data = storage.sha256(item[lang][2]) if lang in item else ""
    return _render(section, slug, form)


def render_after_csrf_failure():
    """An expired token: show the posted form again, unsaved, with a fresh token and a note."""
    args = request.view_args or {}
    section, slug = args.get("section"), args.get("slug")
    if request.endpoint not in ("editor.edit", "editor.new") or section not in SECTIONS:
        return None
    form = _make_form(section, slug)
    flash(_("Your session's security token had expired, so nothing was saved. Your text is kept below: please save again."), "error")
    generate_csrf()
    form.csrf_token.data = generate_csrf()
    return _render(section, slug, form, status=400)


@bp.route("/preview", methods=["POST"])
def preview():
    """Render Markdown with the public site's renderer and list accessibility hints (JSON)."""
    payload = request.get_json(silent=True) or {}
    text = payload.get("markdown", "")
    if not isinstance(text, str) or len(text) > 500_000:
        abort(400)
    return jsonify(html=md.render(text).html, hints=[hint(h) for h in a11y.check(text)])


@bp.route("/<section>/<slug>/upload", methods=["POST"])
def upload(section: str, slug: str):
    _check_section(section)
    form = UploadForm()
    target = url_for("editor.edit", section=section, slug=slug) + "#files"
    file = form.file.data
    if not form.validate_on_submit() or not file or not getattr(file, "filename", ""):
        flash(_("Please choose a file."), "error")
        return redirect(target)
    data = file.read(max_upload() + 1)
    from . import uploads

    try:
        kind = uploads.check(data, file.filename, max_upload())
        if uploads.KINDS[kind][1] and not (form.alt.data or "").strip():
            flash(_("Please describe the image in the text alternative field."), "error")
            return redirect(target)
        stored = service.store_upload(root(), section, slug, file.filename, data, current_user._get_current_object(), max_upload())
    except uploads.UploadRefused as exc:
        flash(contract(f"upload:{exc.code}"), "error")
        return redirect(target)
    except (LookupError, storage.UnsafePath):
        abort(404)
    snippet = f"![{form.alt.data.strip()}]({stored.name})" if stored.is_image else f"[{stored.name}]({stored.name})"
    flash(_("Uploaded as %(name)s. To use it in the text, write: %(snippet)s", name=stored.name, snippet=snippet), "success")
    return redirect(target)


@bp.route("/<section>/<slug>/<filename>")
def bundle_file(section: str, slug: str, filename: str):
    """Files of any item, drafts included, for the editor's previews; only passive types, PDFs downloaded."""
    _check_section(section)
    try:
        path = storage.bundle_file(root(), section, slug, filename)
    except storage.UnsafePath:
        abort(404)
    ext = path.suffix.lower()
    if ext not in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".csv") or not path.is_file():
        abort(404)
    return send_from_directory(path.parent, path.name, as_attachment=ext in (".pdf", ".csv"), max_age=0)
