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


SEPARATOR = "\n"  # between paragraphs, and between a summary and the facts indexed with it


def _clip(text: str, fragment) -> tuple[int, int, list]:
    """The fragment kept inside the paragraph (or fact) of its first match: a snippet never runs
    two pieces of text together ("Fachkräften. K-02 Summe")."""
    first = fragment.matches[0]
    low = text.rfind(SEPARATOR, 0, first.startchar) + 1
    high = text.find(SEPARATOR, first.endchar)
    high = len(text) if high < 0 else high
    if high - low <= _FRAGMENTER.maxchars:  # a short piece (a fact such as "K-05") is shown whole
        start, end = low, high
    else:
        start, end = max(fragment.startchar, low), min(fragment.endchar, high)
    return start, end, [t for t in fragment.matches if t.startchar >= start and t.endchar <= end]


def _piece(text: str, start: int, end: int, matches) -> str:
    pieces: list[str] = []
    index = start
    for token in matches:
        if token.startchar < index:
            continue
        pieces.append(str(escape(text[index : token.startchar])))
        pieces.append(f"<mark>{escape(text[token.startchar : token.endchar])}</mark>")
        index = token.endchar
    pieces.append(str(escape(text[index:end])))
    return " ".join("".join(pieces).split())


def _cut(text: str, at: int) -> bool:
    """Whether a snippet boundary at `at` cuts text off (not the start or end of a paragraph)."""
    return 0 < at < len(text) and text[at - 1] != SEPARATOR and text[at] != SEPARATOR


def _format(text: str, fragments) -> Markup:
    """The fragments, in order, with one ellipsis at each cut (two fragments share the one between them)."""
    out: list[str] = []
    for n, (start, end, matches) in enumerate(fragments):
        if n == 0 and _cut(text, start):
            out.append("… ")
        elif n:
            out.append(" … ")
        out.append(_piece(text, start, end, matches))
    if _cut(text, fragments[-1][1]):
        out.append(" …")
    return Markup("".join(out))


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
    clipped = [_clip(text, f) for f in best]
    clipped = [c for c in clipped if c[2]]
    if len(clipped) == 2 and clipped[1][0] < clipped[0][1]:  # overlapping after clipping: one piece
        clipped = [(clipped[0][0], max(clipped[0][1], clipped[1][1]), clipped[0][2] + clipped[1][2])]
    return _format(text, clipped), clipped[0][2][0].startchar


def plain_snippet(text: str, limit: int = 240) -> Markup:
    """The start of `text`'s first paragraph (of a summary: the summary without its facts)."""
    text = " ".join((text or "").split(SEPARATOR)[0].split())
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
