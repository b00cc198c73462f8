"""The one Markdown renderer: Python-Markdown, then an nh3 allowlist, cached per source text.

Whatever an author writes, no script, event handler, style or `javascript:` link survives.
"""
from __future__ import annotations

import html as htmllib
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3

EXTENSIONS = ["tables", "footnotes", "toc", "attr_list", "sane_lists", "fenced_code", "abbr", "def_list"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": False, "toc_depth": "2-3"},
    "footnotes": {"BACKLINK_TITLE": "", "SUPERSCRIPT_TEXT": "{}"},
}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark",
    "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Authors write "# Heading" for the top level of their text; the page title is the h1.
_H1 = re.compile(r"<(/?)h1([ >])")


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict]  # [{"id", "name", "level", "children": [...]}]
    text: str  # plain text, for search and feeds


def _new_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def to_text(html: str) -> str:
    text = nh3.clean(html, tags=set(), attributes={})
    text = htmllib.unescape(text).replace("\u21a9", " ")  # footnote back-links
    return re.sub(r"\s+", " ", text).strip()


def _clean_toc(tokens: list[dict]) -> list[dict]:
    return [
        {"id": t["id"], "name": htmllib.unescape(t["name"]), "level": t["level"], "children": _clean_toc(t["children"])}
        for t in tokens
    ]


_LOCAL = threading.local()


def _converter() -> markdown.Markdown:
    """This thread's converter, reset for a new text.

    Setting up a converter with its extensions took about a sixth of rendering a text (most of a
    full search build is rendering); `reset()` clears every extension's state (footnotes,
    abbreviations, heading ids), as Python-Markdown documents for converting several texts.
    """
    converter = getattr(_LOCAL, "converter", None)
    if converter is None:
        converter = _LOCAL.converter = _new_converter()
    return converter.reset()


def _render(source: str, converter: markdown.Markdown) -> Rendered:
    raw = converter.convert(source)
    raw = _H1.sub(r"<\1h2\2", raw)
    html = sanitise(raw)
    return Rendered(html=html, toc=_clean_toc(getattr(converter, "toc_tokens", [])), text=to_text(html))


@lru_cache(maxsize=2048)
def render(source: str) -> Rendered:
    """Render Markdown once; the cache keeps memory bounded however large the corpus."""
    return _render(source, _converter())
