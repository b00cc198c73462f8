"""Scores in packed form (the matches only) and the bounded caches that keep them per searcher."""
from __future__ import annotations

from collections import OrderedDict
from typing import TypeAlias

from .. import lazy

np = lazy.module("numpy")  # imported on first use: start-up does without it


# Entries (documents) kept per searcher: the scored postings of single terms and the results of
# whole words and phrases, packed (`Packed`: 12 bytes per document). A worker holds up to its
# threads' searchers plus IDLE_SEARCHERS, each with these caches: the limits keep a worker under
# 250 MB after thousands of distinct searches at 10,000 documents (bench/search_memory_bench.py;
# with twice these limits one worker reached 264 MB after 6,000), with room for the words of a few
# dozen queries (the benchmark's two-word queries need ~100,000).
CACHE_TERMS = 100_000
CACHE_WORDS = 200_000
CACHE_INFOS = 50_000  # terms whose term infos (one per segment: where the postings lie, how many) are kept
CACHE_BLOCKS = 4_000  # terms whose block positions are kept for highlighting (a few hundred bytes each)
PHRASE_SPAN = 2048  # documents of a phrase's candidates whose positions are decoded between two looks at the deadline
RESTRICT_RATIO = 256  # read a query part only where an AND's rarer part matched when it has 256x more postings
Scores: TypeAlias = "np.ndarray"  # float64, one score per document of the searcher; 0.0 where nothing matched


class Packed:
    """The matches of a Scores array: ascending docnums and their scores (for the caches)."""

    __slots__ = ("ids", "scores")

    def __init__(self, ids: np.ndarray, scores: np.ndarray):
        self.ids, self.scores = ids, scores

    @classmethod
    def of(cls, scores: Scores) -> "Packed":
        ids = np.flatnonzero(scores).astype(np.int32)
        return cls(ids, scores[ids])

    def __len__(self) -> int:
        return len(self.ids)

    def spread(self, size: int) -> Scores:
        scores = np.zeros(size)
        scores[self.ids] = self.scores
        return scores


def as_dict(scores: Scores) -> dict[int, float]:
    """{docnum: score} of the matches (tests compare these with Whoosh's own)."""
    ids = np.flatnonzero(scores)
    return dict(zip(ids.tolist(), scores[ids].tolist()))


def local_docnums(within: np.ndarray | None, offset: int, count: int) -> np.ndarray | None:
    """The docnums of `within` that fall in a segment, made local to it."""
    if within is None:
        return None
    part = within[np.searchsorted(within, offset) : np.searchsorted(within, offset + count)]
    return part - offset if offset else part


class PackedCache:
    """An LRU of packed scores, bounded by the total number of their entries."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def keep(self, key, value: Packed) -> Packed:
        self.items[key] = value
        self.size += len(value) + 1
        while self.size > self.limit and len(self.items) > 1:
            _, dropped = self.items.popitem(last=False)
            self.size -= len(dropped) + 1
        return value
