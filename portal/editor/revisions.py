"""Revisions of language files: recorded on every save, found for outside changes, diffed, restored."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..content.records import LANGUAGES, SECTIONS
from ..db import db
from . import storage
from .models import Account, Revision


def history(section: str, slug: str, lang: str | None = None) -> list[Revision]:
    query = select(Revision).where(Revision.section == section, Revision.slug == slug)
    if lang:
        query = query.where(Revision.lang == lang)
    return list(db.session.scalars(query.order_by(Revision.id.desc())))


def latest(section: str, slug: str, lang: str) -> Revision | None:
    query = (select(Revision).where(Revision.section == section, Revision.slug == slug, Revision.lang == lang)
             .order_by(Revision.id.desc()).limit(1))
    return db.session.scalar(query)


def add(section: str, slug: str, lang: str, text: str, kind: str, account: Account | None) -> Revision:
    revision = Revision(section=section, slug=slug, lang=lang, kind=kind, text=text,
                        sha256=storage.sha256(text), account_id=account.id if account else None)
    db.session.add(revision)
    return revision


def sync(root: Path, section: str, slug: str) -> int:
    """Record what changed on disk without the editor (a direct edit, a git pull) as outside changes."""
    added = 0
    for lang in LANGUAGES:
        text = storage.read_text(storage.text_path(root, section, slug, lang))
        last = latest(section, slug, lang)
        if text is None:
            if last is not None and last.kind != "delete":
                add(section, slug, lang, "", "delete", None)
                added += 1
            continue
        if last is None or last.sha256 != storage.sha256(text) or last.kind == "delete":
            add(section, slug, lang, text, "outside", None)
            added += 1
    return added


def sync_all(root: Path) -> int:
    """Check every bundle of the folder (after a reload that changed something)."""
    added = 0
    for section in SECTIONS:
        folder = root / section
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            try:
                if entry.is_dir():
                    added += sync(root, section, entry.name)
            except storage.UnsafePath:
                continue
    if added:
        db.session.commit()
    return added


def sync_some(root: Path, keys) -> int:
    """sync() for the bundles `keys` ("section/slug") only."""
    added = 0
    for key in sorted(keys):
        section, _, slug = key.partition("/")
        if section not in SECTIONS:
            continue
        try:
            added += sync(root, section, slug)
        except storage.UnsafePath:
            continue
    if added:
        db.session.commit()
    return added


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same | added | removed | gap
    old: int | None
    new: int | None
    text: str


def diff(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """A line diff with a few lines of context, for a table that says added/removed in words too."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", i + 1, j1 + (i - i1) + 1, a[i]) for i in range(i1, i2))
                continue
            if tag in ("replace", "delete"):
                lines.extend(DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                lines.extend(DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2))
    return lines
