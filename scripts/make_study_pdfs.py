#!/usr/bin/env python3
"""Generate the PDF reports of the demo studies from the studies' own text.

Every study bundle (``content/studies/<slug>/``) may list attachments in the
``files:`` field of its ``index.de.md``::

    files: [{file: report.pdf, title: "...", lang: de}]

For each listed ``*.pdf`` this script writes that file into the bundle. The text
comes from ``index.<lang>.md`` of the same bundle (falling back to the German
file), so the PDF contains real, searchable text:

* a title page with title, authors, year, publisher and persistent identifiers,
* the Markdown body converted to headings, paragraphs, lists and simple tables,
* footnotes collected as notes at the end,
* page numbers in the footer, and title/author/language/subject metadata.

A Unicode TrueType font is required so that umlauts, ß, „quotes“ and dashes
render; DejaVu Sans is used (Debian/Ubuntu: ``apt-get install fonts-dejavu-core``).

Usage::

    .venv/bin/python scripts/make_study_pdfs.py            # all studies
    .venv/bin/python scripts/make_study_pdfs.py SLUG ...   # selected studies

The content folder is taken from ``PORTAL_CONTENT_DIR`` (default: ``content/``
of the repository). Output is deterministic: the PDF creation date is the
study's ``date``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml
from fpdf import FPDF
from fpdf.fonts import FontFace

REPO = Path(__file__).resolve().parent.parent
CONTENT = Path(os.environ.get("PORTAL_CONTENT_DIR", REPO / "content"))
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
DEFAULT_PUBLISHER = "Deutsches Jugendinstitut e. V., Netzwerkbüro BiSMit"

LABELS = {
    "de": {"page": "Seite {n} von {total}", "notes": "Anmerkungen", "year": "Erscheinungsjahr",
           "publisher": "Herausgeber", "authors": "Autorinnen und Autoren",
           "series": "Bildung im Strukturwandel in Mitteldeutschland (BiSMit)"},
    "en": {"page": "Page {n} of {total}", "notes": "Notes", "year": "Year of publication",
           "publisher": "Publisher", "authors": "Authors",
           "series": "Education in the Structural Change in Central Germany (BiSMit)"},
}

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)


def read_bundle_file(path: Path) -> tuple[dict, str]:
    """Split an ``index.<lang>.md`` into (front matter dict, Markdown body)."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{path}: no YAML front matter")
    return yaml.safe_load(match.group(1)) or {}, match.group(2)


def inline(text: str) -> str:
    """Strip inline Markdown: links, emphasis, code; footnote refs become [n]."""
    text = re.sub(r"\[\^(\w+)\]", r"[\1]", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return text.strip()


def parse_markdown(body: str) -> tuple[list[tuple[str, object]], list[tuple[str, str]]]:
    """Turn a Markdown body into simple blocks plus a list of footnotes.

    Blocks are ("h2"|"h3"|"p"|"li"|"table", payload); tables carry a list of rows.
    """
    blocks: list[tuple[str, object]] = []
    notes: list[tuple[str, str]] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("p", inline(" ".join(paragraph))))
            paragraph.clear()
        if table:
            blocks.append(("table", [row[:] for row in table]))
            table.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        note = re.match(r"\[\^(\w+)\]:\s*(.*)", line)
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        item = re.match(r"(?:[-*+]|\d+\.)\s+(.*)", line)
        if note:
            flush()
            notes.append((note.group(1), inline(note.group(2))))
        elif line.startswith("|"):
            if paragraph:
                blocks.append(("p", inline(" ".join(paragraph))))
                paragraph.clear()
            cells = [inline(c) for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c.replace(" ", "")) for c in cells):
                table.append(cells)
        elif heading:
            flush()
            blocks.append(("h2" if len(heading.group(1)) <= 2 else "h3", inline(heading.group(2))))
        elif item:
            flush()
            number = re.match(r"(\d+)\.", line)
            bullet = f"{number.group(1)}." if number else "•"
            blocks.append(("li", f"{bullet}\u00a0{inline(item.group(1))}"))
        else:
            if table:
                flush()
            paragraph.append(line)
    flush()
    return blocks, notes


def display_name(author: str) -> str:
    """'Family, Given' -> 'Given Family'."""
    family, _, given = author.partition(",")
    return f"{given.strip()} {family.strip()}".strip()


class StudyPDF(FPDF):
    """A4 document with the DejaVu font and a page-number footer."""

    def __init__(self, lang: str) -> None:
        super().__init__(format="A4")
        self.labels = LABELS.get(lang, LABELS["de"])
        if not FONT_REGULAR.exists():
            sys.exit(f"Font missing: {FONT_REGULAR} (install Debian's fonts-dejavu-core)")
        self.add_font("DejaVu", "", str(FONT_REGULAR))
        self.add_font("DejaVu", "B", str(FONT_BOLD))
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=20)
        self.alias_nb_pages("{total}")

    def block(self, w: float, h: float, text: str) -> None:
        """A wrapped text block; the cursor moves to the left margin of the next line."""
        self.multi_cell(w, h, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(100)
        self.cell(0, 6, self.labels["page"].format(n=self.page_no(), total="{total}"), align="C")
        self.set_text_color(0)


def build_pdf(meta: dict, body: str, lang: str, target: Path) -> None:
    """Write one study PDF to ``target``."""
    pdf = StudyPDF(lang)
    labels = pdf.labels
    authors = [display_name(a) for a in meta.get("authors", [])]
    publisher = meta.get("publisher") or DEFAULT_PUBLISHER

    pdf.set_title(str(meta["title"]))
    pdf.set_author("; ".join(authors))
    pdf.set_subject(str(meta.get("summary", "")))
    pdf.set_lang("de-DE" if lang == "de" else "en-GB")
    pdf.set_creator("BiSMit portal, scripts/make_study_pdfs.py")
    date = meta.get("date")
    if isinstance(date, dt.date):
        if not isinstance(date, dt.datetime):
            date = dt.datetime(date.year, date.month, date.day, 12, 0)
        pdf.set_creation_date(date.replace(tzinfo=date.tzinfo or dt.timezone.utc))

    # Title page
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(90)
    pdf.block(0, 5, labels["series"])
    pdf.set_text_color(0)
    pdf.ln(40)
    pdf.set_font("DejaVu", "B", 20)
    pdf.block(0, 9.5, str(meta["title"]))
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 12)
    pdf.block(0, 6.5, ", ".join(authors))
    pdf.ln(30)
    pdf.set_font("DejaVu", "", 10)
    facts = [(labels["year"], meta.get("year")), (labels["publisher"], publisher),
             ("DOI", meta.get("doi")), ("ISBN", meta.get("isbn")), ("URN", meta.get("urn"))]
    for label, value in facts:
        if value:
            pdf.block(0, 5.5, f"{label}: {value}")
    if meta.get("summary"):
        pdf.ln(8)
        pdf.set_font("DejaVu", "", 10)
        pdf.block(0, 5.5, str(meta["summary"]))

    # Body
    blocks, notes = parse_markdown(body)
    pdf.add_page()
    for kind, payload in blocks:
        if kind == "h2":
            pdf.ln(3)
            pdf.set_font("DejaVu", "B", 14)
            pdf.block(0, 7, payload)
            pdf.ln(1.5)
        elif kind == "h3":
            pdf.ln(1.5)
            pdf.set_font("DejaVu", "B", 11.5)
            pdf.block(0, 6, payload)
            pdf.ln(0.5)
        elif kind == "p":
            pdf.set_font("DejaVu", "", 10.5)
            pdf.block(0, 5.4, payload)
            pdf.ln(2.5)
        elif kind == "li":
            pdf.set_font("DejaVu", "", 10.5)
            pdf.set_x(pdf.l_margin + 4)
            pdf.block(pdf.epw - 4, 5.4, payload)
            pdf.ln(1)
        elif kind == "table":
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(text_align="LEFT", line_height=5, padding=1.5,
                           headings_style=FontFace(emphasis="BOLD")) as table:
                for cells in payload:
                    row = table.row()
                    for cell in cells:
                        row.cell(cell)
            pdf.ln(3)
    if notes:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 11.5)
        pdf.block(0, 6, labels["notes"])
        pdf.set_font("DejaVu", "", 9)
        for key, text in notes:
            pdf.block(0, 4.8, f"[{key}] {text}")
            pdf.ln(1)

    pdf.output(str(target))


def main(slugs: list[str]) -> int:
    studies = CONTENT / "studies"
    bundles = sorted(p for p in studies.iterdir() if (p / "index.de.md").exists())
    if slugs:
        bundles = [b for b in bundles if b.name in slugs]
    written = 0
    for bundle in bundles:
        meta_de, _ = read_bundle_file(bundle / "index.de.md")
        for entry in meta_de.get("files") or []:
            name = str(entry.get("file", ""))
            if not name.lower().endswith(".pdf"):
                continue
            lang = str(entry.get("lang") or "de")
            source = bundle / f"index.{lang}.md"
            if not source.exists():
                source, lang = bundle / "index.de.md", "de"
            meta, body = read_bundle_file(source)
            merged = {**meta_de, **meta}  # non-text fields come from the German file
            build_pdf(merged, body, lang, bundle / name)
            written += 1
            print(f"{bundle.name}/{name}  ({(bundle / name).stat().st_size // 1024} KB, {lang})")
    print(f"{written} PDF(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
