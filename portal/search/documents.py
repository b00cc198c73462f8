"""From the Corpus to index documents: one document per bundle, texts per language, PDF pages.

Pure functions of the corpus (no Flask): the indexer and the benchmark call them directly.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from ..content.corpus import Corpus
from ..content.records import SECTIONS, Bundle, Event, Item, Study
from ..content.values import Location
from .analysis import LANGS, PARTS, positions_field, text_field
from .compounds import Splitter
from .highlight import SEPARATOR
from .texts import TextCache

log = logging.getLogger(__name__)

MAX_PDF_CHARS = 1_000_000  # per document and language; the rest of a huge PDF is not searchable
PAGE_GAP = "\n\n"


@dataclass(frozen=True)
class PdfPage:
    file: str
    page: int  # 1-based
    text: str
    lang: str


def indexable(corpus: Corpus) -> list[Bundle]:
    """Every bundle that may ever be shown: drafts never; scheduled ones carry their date."""
    return [b for section in SECTIONS for b in corpus.all(section) if not b.primary.draft]


def content_hash(bundle: Bundle) -> str:
    """Changes whenever a text, a field or an attachment (size, mtime) changes."""
    digest = hashlib.sha1()
    for lang in sorted(bundle.texts):
        item = bundle.texts[lang]
        digest.update(repr(item).encode("utf-8", "surrogatepass"))
        if item.inline_body is not None:
            digest.update(item.inline_body.encode("utf-8", "surrogatepass"))
        else:  # the body is read from its file when needed, so it is not in repr(): its stat is
            try:
                stat = item.path.stat()
                digest.update(f"{item.path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
            except OSError:
                digest.update(f"{item.path.name}:missing".encode())
    for attachment in _pdfs(bundle):
        try:
            stat = attachment.path.stat()
            digest.update(f"{attachment.path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"{attachment.path}:missing".encode())
    return digest.hexdigest()


# The work of preparing and indexing a bundle in bytes of Markdown: a least-squares fit of the
# CPU time per bundle on the generated 2,000-document corpus (0.52 µs per byte, 3.7 ms per
# PDF, 1.7 ms per bundle).
PDF_COST = 7_000
BUNDLE_COST = 3_300


def build_cost(bundle: Bundle) -> int:
    """A rough measure of the work of preparing and indexing a bundle, to share a build fairly."""
    cost = BUNDLE_COST + PDF_COST * len(_pdfs(bundle))
    for item in bundle.texts.values():
        if item.draft:
            continue
        if item.inline_body is not None:
            cost += len(item.inline_body)
        else:
            try:
                cost += item.path.stat().st_size
            except OSError:
                pass
    return cost


def _pdfs(bundle: Bundle):
    primary = bundle.primary
    if not isinstance(primary, Study):
        return []
    return [a for a in primary.files if a.path.suffix.lower() == ".pdf"]


def extract_pdf(path: Path, file: str, lang: str) -> list[PdfPage]:
    """Text of each page with pypdf; a broken or encrypted PDF is logged and skipped."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            log.warning("search: skipping encrypted PDF %s", path)
            return []
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            text = (page.extract_text() or "").strip()
            if text:
                pages.append(PdfPage(file, number, text, lang))
        return pages
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        log.warning("search: skipping unreadable PDF %s (%s)", path, error)
        return []


def _search_parts(value) -> list[str]:
    """The words a field adds to the result's summary: text as it is, lists item by item, a venue's
    name and city."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [str(v) for v in value]
    if isinstance(value, Location):
        return [value.name, value.city]
    return []


def _summary(item: Item) -> str:
    """What a result list shows under the title: the summary and the fields declared `search="summary"`
    (an indicator's number, unit, definition and source, an event's venue, a study's authors)."""
    extra = [part for f in item.declaration.fields if f.search == "summary"
             for part in _search_parts(getattr(item, f.name, None))]
    return SEPARATOR.join(part for part in [item.summary, *extra] if part)


def _facets(item: Item) -> dict[str, str]:
    """The stored fields that are plain copies of a declared field (`search="facet:<name>"`)."""
    doc = {}
    for f in item.declaration.fields:
        if f.search.startswith("facet:"):
            value = getattr(item, f.name, None)
            if isinstance(value, tuple):
                doc[f.search[6:]] = ",".join(value)
            elif value:
                doc[f.search[6:]] = str(value)
    return doc


def make_document(bundle: Bundle, splitter: Splitter, pdf_pages: list[PdfPage] | None = None,
                  cache: TextCache | None = None) -> dict:
    """The Whoosh document for a bundle (all its non-draft texts, its PDFs' pages); `cache` keeps
    rendered bodies and PDF pages from one full build to the next."""
    primary = bundle.primary
    texts = {lang: item for lang, item in bundle.texts.items() if not item.draft}
    date = primary.date
    year = getattr(primary, "year", 0) or (date.year if date else 0)
    doc: dict = {
        "key": f"{bundle.section}/{bundle.slug}",
        "section": bundle.section,
        "slug": bundle.slug,
        "langs": ",".join(sorted(texts)),
        **_facets(primary),
        "ts": int(date.timestamp()) if date else 0,
    }
    if year:
        doc["year"] = str(year)
    if isinstance(primary, Event) and primary.start is not None:
        doc["starts"] = int(primary.start.timestamp())
        if primary.location is not None:
            doc["place"] = ", ".join(p for p in (primary.location.name, primary.location.city) if p)
    titles: list[str] = []
    german: list[str] = []
    for lang, item in texts.items():
        summary = _summary(item)
        body = cache.body(item) if cache is not None else item.plain_text
        doc[text_field(lang, "title")] = item.title
        doc[text_field(lang, "summary")] = summary
        doc[text_field(lang, "body")] = body
        titles.append(item.title)
        if lang == "de":
            german.extend((item.title, summary, body))
    if pdf_pages is not None:
        pages = pdf_pages
    elif cache is not None:
        pages = [page for a in _pdfs(bundle) for page in cache.pdf(a, a.lang or "de", extract_pdf)]
    else:
        pages = [page for a in _pdfs(bundle) for page in extract_pdf(a.path, a.file, a.lang or "de")]
    pdf_map: dict[str, list] = {}
    for lang in LANGS:
        chunks: list[str] = []
        offsets: list[list] = []
        length = 0
        for page in pages:
            if (page.lang if page.lang in LANGS else "de") != lang or length >= MAX_PDF_CHARS:
                continue
            offsets.append([length, page.file, page.page])
            chunks.append(page.text)
            length += len(page.text) + len(PAGE_GAP)
        if chunks:
            text = PAGE_GAP.join(chunks)
            doc[text_field(lang, "pdf")] = text
            pdf_map[lang] = offsets
            if lang == "de":
                german.append(text)
    if pdf_map:
        doc["pdf_map"] = pdf_map
    doc["parts"] = splitter.parts_text(" ".join(german))
    doc["title_plain"] = " ".join(titles)
    for name in [text_field(lang, part) for lang in LANGS for part in PARTS]:
        if name in doc:  # positions and offsets for phrases and snippets; the same string object,
            doc[positions_field(name)] = doc[name]  # so the build's writer analyses it once
    return doc


def vocabulary_texts(bundles: list[Bundle]):
    """German texts the compound vocabulary is drawn from (not the PDFs: too noisy and slow).

    The Markdown source, not the rendered text: rendering is the most expensive step of a build
    and its cache cannot hold a large corpus, so rendering here would render every text twice.
    Markup words add a few harmless entries to the vocabulary.
    """
    for bundle in bundles:
        item = bundle.texts.get("de")
        if item is not None and not item.draft:
            yield f"{item.title} {item.summary} {item.body}"
