"""Snippets: matched words in <mark>, every other character HTML-escaped.

Uses the character offsets stored in the index (the `*_pos` fields, TEXT(chars=True)) instead of re-tokenising,
and reports where the first fragment starts, so a PDF match can name its page.
"""
from __future__ import annotations

from bisect import bisect_right

from markupsafe import Markup, escape
from whoosh.analysis import Token
from whoosh.highlight import BasicFragmentScorer, PinpointFragmenter

_FRAGMENTER = PinpointFragmenter(maxchars=220, surround=70, autotrim=True)
_SCORER = BasicFragmentScorer()


def _matches(value, fieldname: str, docnum: int, terms: set[str]) -> list[Token]:
    tokens: list[Token] = []
    for text in terms:
        for start, end in _chars(value(fieldname, text, docnum, "characters")):
            tokens.append(Token(text=text, startchar=start, endchar=end, matched=True))
    tokens.sort(key=lambda t: t.startchar)
    return tokens


def _chars(value) -> list[tuple[int, int]]:
    return [(item[-2], item[-1]) for item in value or ()]


def _format(text: str, fragment) -> Markup:
    pieces: list[str] = ["… " if fragment.startchar > 0 else ""]
    index = fragment.startchar
    for token in fragment.matches:
        if token.startchar < index:
            continue
        pieces.append(str(escape(text[index : token.startchar])))
        pieces.append(f"<mark>{escape(text[token.startchar : token.endchar])}</mark>")
        index = token.endchar
    pieces.append(str(escape(text[index : fragment.endchar])))
    if fragment.endchar < len(text):
        pieces.append(" …")
    return Markup("".join(pieces))


def snippet(value, fieldname: str, docnum: int, terms: set[str], text: str) -> tuple[Markup, int] | None:
    """(escaped snippet with <mark>s, start offset of its first fragment) or None without a match.

    `value(fieldname, term, docnum, "characters")` gives a term's character offsets in the document
    (Scorer.value: one block read, not a scan of the postings).
    """
    if not terms or not text:
        return None
    tokens = _matches(value, fieldname, docnum, terms)
    if not tokens:
        return None
    fragments = list(_FRAGMENTER.fragment_matches(text, tokens))
    if not fragments:
        return None
    for fragment in fragments:
        fragment.score = _SCORER(fragment)
    best = sorted(fragments, key=lambda f: (-f.score, f.startchar))[:2]
    best.sort(key=lambda f: f.startchar)
    return Markup(" ").join(_format(text, f) for f in best), best[0].matches[0].startchar


def plain_snippet(text: str, limit: int = 240) -> Markup:
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return escape(text)


def pdf_location(pdf_map: list, offset: int) -> tuple[str, int] | None:
    """(file, page) of the PDF page that contains character `offset` of the pdf field."""
    if not pdf_map:
        return None
    index = bisect_right([start for start, _, _ in pdf_map], offset) - 1
    start, file, page = pdf_map[max(index, 0)]
    return file, page
