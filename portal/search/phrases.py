"""Phrases: documents with the words next to each other, checked by their positions."""
from __future__ import annotations

import time

from whoosh import query as wq

from .. import lazy
from .analysis import positions_field
from .packed import PHRASE_SPAN, Scores

np = lazy.module("numpy")  # imported on first use: start-up does without it


def phrase_scores(scorer, q: wq.Phrase, boost: float) -> Scores:
    """Documents with the words next to each other, in order (Whoosh's slop 1).

    The documents with all the words come from the cached scores; only their positions are
    decoded and compared as sets. Past the deadline (a cold cache, a huge corpus) the phrase's
    other fields count as all their words, and the portal says so (`approximate`).
    """
    words = [scorer._term(q.fieldname, word).spread(scorer.size) for word in q.words]
    if not words:
        return np.zeros(scorer.size)
    matched = words[0] > 0
    for scores in words[1:]:
        matched &= scores > 0
    candidates = np.flatnonzero(matched)
    if not len(candidates):
        return np.zeros(scorer.size)
    if scorer.deadline is not None and time.monotonic() > scorer.deadline:
        scorer.approximate = True
    else:
        field = positions_field(q.fieldname)
        matched[:] = False
        bounds = np.searchsorted(candidates, np.arange(0, scorer.size + PHRASE_SPAN, PHRASE_SPAN))
        for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):  # by ranges of docnums:
            if begin == end:  # a postings block is decompressed for at most two ranges
                continue
            if begin and scorer.deadline is not None and time.monotonic() > scorer.deadline:
                scorer.approximate = True
                matched[candidates[begin:]] = True
                break
            docs = candidates[begin:end]
            lists = [scorer.positions(field, word, docs) for word in q.words]
            for docnum in docs.tolist():
                starts = set(lists[0].get(docnum, ()))
                for offset, positions in enumerate(lists[1:], start=1):
                    starts &= {p - offset for p in positions.get(docnum, ())}
                    if not starts:
                        break
                if starts:
                    matched[docnum] = True
    total = 0.0
    for scores in words:
        total = total + scores
    return np.where(matched, total * boost, 0.0)
