"""Saving content: build front matter, validate like the content check, write atomically, keep revisions.

Plain functions taking plain arguments (no request), so tests and other callers use them directly.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from ..content import frontmatter
from ..content.records import LANGUAGES, PRIMARY_LANGUAGE
from ..content.schema import not_inherited, read_fields
from ..content.taxonomy import Taxonomy
from ..db import db
from . import revisions, storage, uploads
from .audit import record
from .fields import merge, shared_fields, text_fields
from .models import Account

log = logging.getLogger(__name__)


@dataclass
class Submission:
    """What the editor sends for one item: shared fields, texts per language, the hashes it started from."""

    section: str
    slug: str
    shared: dict
    texts: dict[str, dict]  # lang -> {title, summary, body, ...}; an all-empty English text means "no English file"
    base_hashes: dict[str, str] = field(default_factory=dict)  # lang -> sha256 when opened ("" = no file)
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # shared field -> (file name, data)
    is_new: bool = False
    data_csv: bytes | None = None  # a new data.csv for an indicator


@dataclass
class Problems(Exception):
    """The submission breaks the contract; field -> message, per language ("" = shared)."""

    fields: dict[tuple[str, str], str]


@dataclass
class Conflict(Exception):
    """A file changed on disk since the editor opened it."""

    lang: str
    disk_text: str
    mine_text: str


@dataclass(frozen=True)
class Saved:
    written: tuple[str, ...]  # languages whose file changed
    texts: dict[str, str]


def read_item(root: Path, section: str, slug: str) -> dict[str, tuple[dict, str, str]]:
    """lang -> (meta, body, file text) for the language files that exist and parse."""
    found = {}
    for lang in LANGUAGES:
        text = storage.read_text(storage.text_path(root, section, slug, lang))
        if text is None:
            continue
        try:
            meta, body, _ = frontmatter.parse(text)
        except frontmatter.FrontMatterError:
            meta, body = {}, text
        found[lang] = (meta, body, text)
    return found


def has_text(values: dict | None) -> bool:
    return bool(values) and any(str(v).strip() for v in values.values() if v is not None)


def build_texts(root: Path, sub: Submission, upload_names: dict[str, str]) -> dict[str, str | None]:
    """The new file text per language (None: the file is to be removed)."""
    existing = read_item(root, sub.section, sub.slug) if not sub.is_new else {}
    shared = {**sub.shared, **upload_names}
    result: dict[str, str | None] = {}
    for lang in LANGUAGES:
        values = sub.texts.get(lang) or {}
        if lang != PRIMARY_LANGUAGE and not has_text(values):
            result[lang] = None
            continue
        body = values.get("body", "") or ""
        managed = text_fields(sub.section) + (shared_fields(sub.section) if lang == PRIMARY_LANGUAGE else ())
        data = {k: v for k, v in values.items() if k != "body"}
        if lang == PRIMARY_LANGUAGE:
            data.update(shared)
        meta = merge(existing.get(lang, ({}, "", ""))[0], managed, data, sub.section)
        result[lang] = frontmatter.dump(meta, body)
    return result


def validate(root: Path, section: str, slug: str, texts: dict[str, str | None], taxonomy: Taxonomy,
             staged: tuple[str, ...] = ()) -> dict[tuple[str, str], str]:
    """The content check's own field checks, run on the files about to be written."""
    problems: dict[tuple[str, str], str] = {}
    folder = storage.bundle_dir(root, section, slug)
    with tempfile.TemporaryDirectory(prefix="editor-check-") as tmp:
        check_dir = Path(tmp) / slug
        check_dir.mkdir()
        for name in storage.bundle_files(folder) + list(staged):  # file fields refer to these names
            source = folder / name
            if source.is_file():
                shutil.copyfile(source, check_dir / name)
            else:
                (check_dir / name).write_bytes(b"")
        primary: dict | None = None
        for lang in LANGUAGES:
            text = texts.get(lang)
            if text is None:
                continue
            try:
                meta, _, _ = frontmatter.parse(text)
            except frontmatter.FrontMatterError as exc:
                problems[(lang, "")] = exc.message
                continue
            if lang == PRIMARY_LANGUAGE:
                primary = meta
            elif primary is not None:
                meta = {**{k: v for k, v in primary.items() if k not in not_inherited(section)}, **meta}
            _, field_problems = read_fields(section, meta, taxonomy, check_dir)
            for fp in field_problems:
                if fp.warning:
                    continue
                name = fp.field.split(".")[0]
                scope = lang if name in text_fields(section) else ""
                problems.setdefault((scope, name), fp.message)
    return problems


def save(root: Path, sub: Submission, taxonomy: Taxonomy, account: Account | None, max_upload: int) -> Saved:
    """Validate, check for conflicts, then write each changed language file atomically with a revision."""
    folder = storage.bundle_dir(root, sub.section, sub.slug)
    if sub.is_new and folder.exists():
        raise Problems({("", "slug"): "duplicate"})
    staged: dict[str, str] = {}
    upload_kinds: dict[str, str] = {}
    for name, (filename, data) in sub.uploads.items():
        try:
            upload_kinds[name] = uploads.check(data, filename, max_upload, images_only=True)
        except uploads.UploadRefused as exc:
            raise Problems({("", name): f"upload:{exc.code}"}) from None
        staged[name] = uploads.safe_name(filename, upload_kinds[name], set(storage.bundle_files(folder)) | set(staged.values()))
    if sub.data_csv is not None:
        try:
            uploads.check_csv(sub.data_csv, max_upload)
        except uploads.UploadRefused as exc:
            raise Problems({("", "data_csv"): f"upload:{exc.code}"}) from None
    texts = build_texts(root, sub, staged)
    problems = validate(root, sub.section, sub.slug, texts, taxonomy, tuple(staged.values()))
    if problems:
        raise Problems(problems)
    if not sub.is_new:
        revisions.sync(root, sub.section, sub.slug)  # outside changes first, so the history stays true
    for lang in LANGUAGES:
        disk = storage.read_text(storage.text_path(root, sub.section, sub.slug, lang))
        if storage.sha256(disk) != sub.base_hashes.get(lang, ""):
            raise Conflict(lang, disk or "", texts.get(lang) or "")
    for name, filename in staged.items():
        storage.atomic_write(storage.bundle_file(root, sub.section, sub.slug, filename), sub.uploads[name][1])
        record("upload", account, target=f"{sub.section}/{sub.slug}/{filename}")
    written = []
    if sub.data_csv is not None:
        storage.atomic_write(folder / "data.csv", sub.data_csv)
        written.append("data.csv")
    for lang in LANGUAGES:
        path = storage.text_path(root, sub.section, sub.slug, lang)
        new, old = texts.get(lang), storage.read_text(path)
        if new == old:
            continue
        if new is None:
            path.unlink()
            revisions.add(sub.section, sub.slug, lang, "", "delete", account)
        else:
            storage.atomic_write(path, new.encode("utf-8"))
            revisions.add(sub.section, sub.slug, lang, new, "save", account)
        written.append(lang)
    if written:
        record("create" if sub.is_new else "save", account, target=f"{sub.section}/{sub.slug}", detail=",".join(written))
    db.session.commit()
    publish_changes(sub.section, sub.slug)
    return Saved(tuple(written), {k: v for k, v in texts.items() if v is not None})


def restore(root: Path, revision_id: int, taxonomy: Taxonomy, account: Account | None) -> revisions.Revision:
    """Write an old revision back as the current file (checked first), as a new revision."""
    old = db.session.get(revisions.Revision, revision_id)
    if old is None:
        raise LookupError(revision_id)
    path = storage.text_path(root, old.section, old.slug, old.lang)
    revisions.sync(root, old.section, old.slug)
    if old.kind == "delete":
        if old.lang == PRIMARY_LANGUAGE:
            raise Problems({("", ""): "cannot_delete_german"})
        path.unlink(missing_ok=True)
    else:
        current = {lang: storage.read_text(storage.text_path(root, old.section, old.slug, lang)) for lang in LANGUAGES}
        current[old.lang] = old.text
        problems = validate(root, old.section, old.slug, current, taxonomy)
        if problems:
            raise Problems(problems)
        storage.atomic_write(path, old.text.encode("utf-8"))
    new = revisions.add(old.section, old.slug, old.lang, old.text, "restore", account)
    record("restore", account, target=f"{old.section}/{old.slug}/{old.lang}", detail=f"revision {old.id}")
    db.session.commit()
    publish_changes(old.section, old.slug)
    return new


def store_upload(root: Path, section: str, slug: str, filename: str, data: bytes, account: Account | None,
                 max_upload: int) -> uploads.Stored:
    """An attachment or inline image for an existing item."""
    if not storage.text_path(root, section, slug, PRIMARY_LANGUAGE).is_file():
        raise LookupError(slug)
    stored = uploads.store(root, section, slug, filename, data, max_upload)
    record("upload", account, target=f"{section}/{slug}/{stored.name}")
    db.session.commit()
    publish_changes(section, slug)
    return stored


def publish_changes(section: str, slug: str) -> None:
    """Read the saved bundle again now (the store's listeners update the search index and the
    history) and call the search feature's `update` hook if it offers one.

    Only this bundle: a full reload scans all bundles (0.6 s at 10,000) and makes the index
    compare every content hash, so the edit would take seconds to become searchable.
    """
    current_app.extensions["content"].refresh_bundle(section, slug)
    search = current_app.extensions.get("search")
    update = getattr(search, "update", None)
    if callable(update):
        try:
            update()
        except Exception:  # the file is saved; the index catches up at its next update
            log.exception("search index update after a save failed")
