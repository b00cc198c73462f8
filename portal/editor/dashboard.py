"""The dashboard: every item on disk by section with its status, filters and search; the translation list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template, request
from flask_login import current_user

from ..content.records import PRIMARY_LANGUAGE, SECTIONS
from ..content.store import get_corpus, now
from ..i18n import current_language
from .auth import bp
from .registration_overview import slugs_with_registration

STATUSES = ("published", "scheduled", "draft", "problem")


@dataclass(frozen=True)
class Row:
    section: str
    slug: str
    title: str
    status: str  # published | scheduled | draft | problem
    date: datetime | None
    has_english: bool
    problems: tuple[str, ...]


def rows(root: Path, moment: datetime) -> list[Row]:
    """Items from the folder itself, so that items with problems are listed too (with their problems)."""
    corpus = get_corpus()
    by_folder: dict[str, list[str]] = {}
    for problem in corpus.problems:
        folder = Path(problem.path)
        folder = folder if folder.name.count(".") == 0 else folder.parent
        by_folder.setdefault(str(folder), []).append(problem.format(root))
    result = []
    for section in SECTIONS:
        folder = root / section
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if not entry.is_dir() or entry.name.startswith(".") or not (entry / f"index.{PRIMARY_LANGUAGE}.md").is_file():
                continue
            bundle = corpus.bundle(section, entry.name)
            problems = tuple(by_folder.get(str(entry), []))
            has_english = (entry / "index.en.md").is_file()
            if bundle is None:
                result.append(Row(section, entry.name, entry.name, "problem", None, has_english, problems))
                continue
            item = bundle.primary
            status = "draft" if item.draft else "scheduled" if item.date and item.date > moment else "published"
            result.append(Row(section, entry.name, bundle.text(current_language()).title, status, item.date,
                              has_english, problems))
    return result


def filtered(all_rows: list[Row], section: str, status: str, english: str, query: str) -> list[Row]:
    query = query.strip().lower()
    return [r for r in all_rows
            if (not section or r.section == section)
            and (not status or r.status == status)
            and (english != "missing" or not r.has_english)
            and (english != "present" or r.has_english)
            and (not query or query in r.title.lower() or query in r.slug)]


@bp.route("/")
def dashboard():
    args = request.args
    section = args.get("section", "") if args.get("section", "") in SECTIONS else ""
    status = args.get("status", "") if args.get("status", "") in STATUSES else ""
    english = args.get("english", "") if args.get("english", "") in ("missing", "present") else ""
    query = args.get("q", "")[:200]
    all_rows = rows(Path(current_app.config["PORTAL_CONTENT_DIR"]), now())
    shown = filtered(all_rows, section, status, english, query)
    return render_template("editor/dashboard.html", rows=shown, total=len(all_rows), sections=SECTIONS,
                           registration_slugs=slugs_with_registration() if current_user.is_admin else set(),
                           statuses=STATUSES, filters={"section": section, "status": status, "english": english, "q": query})


@bp.route("/translations")
def translations():
    all_rows = rows(Path(current_app.config["PORTAL_CONTENT_DIR"]), now())
    missing = [r for r in all_rows if not r.has_english]
    return render_template("editor/translations.html", rows=missing)
