"""The page of results: the best documents in order, and each one's title, date and snippet.

Only the documents shown are read (stored fields, the blocks of the positions fields' postings that
hold their match offsets): the ranking needs scores alone, and dates only for the few candidates at the edge.
"""
from __future__ import annotations

import heapq
from datetime import datetime
from zoneinfo import ZoneInfo


from .. import lazy
from .analysis import LANGS, positions_field, text_field
from .highlight import pdf_location, plain_snippet, snippet
from .results import Hit

np = lazy.module("numpy")  # imported on first use: start-up does without it


BERLIN = ZoneInfo("Europe/Berlin")
TIE_SLACK = 10  # candidates beyond the page, so that equal scores at its end sort by recency
SNIPPET_PARTS = ("summary", "body", "pdf")


def best(scores: np.ndarray, candidates: np.ndarray, ts, n: int) -> list[int]:
    """The n best `candidates` (a bool array) by score, equal scores (to 6 decimals) by recency: dates
    are read for a few candidates only."""
    docs = np.flatnonzero(candidates)
    if n <= 0 or not len(docs):
        return []
    values = scores[docs]
    spare = n + TIE_SLACK
    if len(docs) > spare:
        top = np.argpartition(values, len(docs) - spare)[len(docs) - spare :]
        docs, values = docs[top], values[top]
    order = np.argsort(-values, kind="stable")
    top = docs[order].tolist()
    key = lambda d: round(float(scores[d]), 6)  # noqa: E731
    if len(top) > n and key(top[-1]) == key(top[n - 1]):  # a tie runs past the spares: take all of it
        cutoff = key(top[n - 1])
        near = np.flatnonzero(candidates & (np.abs(scores - cutoff) < 1e-5))
        top = set(top) | {d for d in near.tolist() if key(d) == cutoff}
    return sorted(top, key=lambda d: (-key(d), -ts[d], d))[:n]


def newest(candidates: np.ndarray, ts, n: int) -> list[int]:
    """The n newest `candidates` (a bool array), equal dates by docnum."""
    return heapq.nsmallest(n, np.flatnonzero(candidates).tolist(), key=lambda d: (-ts[d], d))


def make_hit(state, docnum: int, score: float, terms: dict[str, set[str]], lang: str) -> Hit:
    """A result: its title in the visitor's language if it has one, the first field with a match as
    snippet (that language first, then the other), the PDF page when the match is in an attachment."""
    stored = state.searcher.stored_fields(docnum)
    langs = tuple(lang for lang in (stored.get("langs") or "de").split(",") if lang)
    shown = lang if lang in langs else ("de" if "de" in langs else langs[0])
    title = stored.get(text_field(shown, "title")) or ""
    found = None
    for text_lang in [shown] + [other for other in LANGS if other != shown]:
        for part in SNIPPET_PARTS:
            name = text_field(text_lang, part)
            present = {t for t in terms.get(name, ()) if state.scores.may_have(name, t, docnum)}
            result = snippet(state.scores.value, positions_field(name), docnum, present, stored.get(name) or "")
            if result is not None:
                found = (result, text_lang, part)
                break
        if found:
            break
    pdf = None
    if found is None:
        html, snippet_lang = plain_snippet(stored.get(text_field(shown, "summary")) or ""), shown
    else:
        (html, offset), snippet_lang, part = found
        if part == "pdf":
            pdf = pdf_location((stored.get("pdf_map") or {}).get(snippet_lang, []), offset)
    ts = stored.get("ts") or 0
    return Hit(
        key=stored["key"], section=stored["section"], slug=stored["slug"], lang=shown, title=title,
        snippet=html, snippet_lang=snippet_lang, score=float(score), langs=langs, pdf=pdf,
        date=datetime.fromtimestamp(ts, BERLIN) if ts else None,
        starts=datetime.fromtimestamp(stored["starts"], BERLIN) if stored.get("starts") else None,
        place=stored.get("place") or None,
    )
