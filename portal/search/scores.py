"""Scoring without Whoosh's matcher tree: every match with its BM25F score, as numpy arrays.

Whoosh scores a query by walking a tree of matchers document by document in Python. A visitor's
word is an OR over a dozen fields (titles, summaries, bodies, PDFs in two languages, compound
parts), and in a domain corpus the common words occur in most documents, so the walk costs
hundreds of ms and its block-skipping rarely skips. Here each term's postings are read in bulk
(postings.py) and scored with Whoosh's BM25F formula and statistics, the same floats its scorer
computes, as one numpy expression over all of them. A query's answer is an array with one score
per document of the searcher (0.0: no match; every match scores more than 0, as BM25's idf and our
boosts are positive), and the query is array arithmetic with Whoosh's semantics (OR and AND add
the scores of the parts that match, in the order of the parts, a boost multiplies, AND NOT
removes). Phrases are checked by positions and scored by their words.

The scores of single terms and of whole words (the OR over their fields, which repeat across
queries far more often) are kept, packed, for the life of the searcher. The split: packed.py (the
packed form and its caches), termscores.py (single terms), phrases.py (positions), this module
(queries).
"""
from __future__ import annotations

from pathlib import Path

from whoosh import query as wq

from .. import lazy
from .packed import CACHE_WORDS, RESTRICT_RATIO, Packed, PackedCache, Scores, as_dict  # noqa: F401 (as_dict: tests)
from .phrases import phrase_scores
from .termscores import TermScores

np = lazy.module("numpy")  # imported on first use: start-up does without it


class Scorer(TermScores):
    """A query's scores over all documents of a searcher, from the terms' scores (termscores.py)."""

    def __init__(self, searcher, folder: Path | None = None):
        """`folder`: the index's directory, where a full build leaves postings columns (columns.py)."""
        super().__init__(searcher, folder)
        self._words = PackedCache(CACHE_WORDS)
        self._all: Scores | None = None
        self.deadline: float | None = None  # monotonic time after which phrases are read as AND
        self.approximate = False  # set when a phrase was read as the AND of its words

    def all(self) -> Scores:
        if self._all is None:
            self._all = self.live.astype(np.float64)
        return self._all

    def of(self, q: wq.Query, within: np.ndarray | None = None) -> Scores:
        """The score of every live document for `q` (0.0 where it does not match); a word's OR and
        a phrase are cached too. The answer must not be changed in place.

        With `within` (sorted docnums: the other part of an AND has only these) the answer holds at
        least those documents that `q` matches; then only postings blocks that may hold them are read.
        """
        if isinstance(q, (wq.Or, wq.Phrase)):
            packed = self._words.get(q)
            if packed is not None:
                return packed.spread(self.size)
            before = self.approximate
            found = self._of(q, within)
            if within is None and self.approximate == before:  # a partial or approximate answer is not kept
                self._words.keep(q, Packed.of(found))
            return found
        return self._of(q, within)

    def _of(self, q: wq.Query, within: np.ndarray | None) -> Scores:
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term):
            packed = self._term(q.fieldname, q.text, within)
            scores = np.zeros(self.size)
            scores[packed.ids] = packed.scores if boost == 1.0 else packed.scores * boost
            return scores
        if isinstance(q, wq.Every):
            return self.all()
        if isinstance(q, wq.AndNot):
            kept = self.of(q.a, within)
            excluded = self.of(q.b, self._restriction(q.b, np.flatnonzero(kept)))
            return np.where(excluded > 0, 0.0, kept)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, boost)
        if isinstance(q, wq.And):
            return self._and(q, boost, within)
        if isinstance(q, wq.Or):
            result = np.zeros(self.size)
            for sub in q.subqueries:
                if isinstance(sub, wq.Term):  # a field of a word: its boost is applied while adding
                    packed = self._term(sub.fieldname, sub.text, within)
                    result[packed.ids] += packed.scores if sub.boost == 1.0 else packed.scores * sub.boost
                else:
                    result += self.of(sub, within)
            return result if boost == 1.0 else result * boost
        scores = np.zeros(self.size)
        scores[list(self.searcher.docs_for_query(q))] = boost
        return scores

    def _and(self, q: wq.And, boost: float, within: np.ndarray | None) -> Scores:
        """The documents every part matches, their scores added. The part expected to match fewest
        documents is read first; the others only where it matched (most of a frequent word's
        postings blocks are then skipped)."""
        subs = list(q.subqueries)
        if not subs:
            return np.zeros(self.size)
        order = sorted(range(len(subs)), key=lambda i: self._estimate(subs[i]))
        parts: list[Scores | None] = [None] * len(subs)
        parts[order[0]] = first = self.of(subs[order[0]], within)
        matched = first > 0
        if within is not None:
            inside = np.zeros(self.size, dtype=bool)
            inside[within] = True
            matched &= inside
        for i in order[1:]:
            docs = np.flatnonzero(matched)
            if not len(docs):
                return np.zeros(self.size)
            parts[i] = part = self.of(subs[i], self._restriction(subs[i], docs))
            matched &= part > 0
        total = 0.0
        for part in parts:  # in the order of the parts, as Whoosh adds them
            total = total + part
        return np.where(matched, total * boost, 0.0)

    def _restriction(self, q: wq.Query, docs: np.ndarray) -> np.ndarray | None:
        """`docs` when so few that most of `q`'s postings blocks (~128 postings each) can be skipped;
        otherwise None: the whole answer costs little more and is cached for the next query."""
        return docs if len(docs) * RESTRICT_RATIO < self._estimate(q) else None

    def _estimate(self, q: wq.Query) -> int:
        """About how many documents `q` matches, from document frequencies (no postings read)."""
        if isinstance(q, wq.Term):
            return self.doc_frequency(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            cached = self._words.items.get(q)
            return len(cached) if cached is not None else sum(self._estimate(sub) for sub in q.subqueries)
        if isinstance(q, wq.And):
            return min((self._estimate(sub) for sub in q.subqueries), default=0)
        if isinstance(q, wq.Phrase):
            return min((self.doc_frequency(q.fieldname, w) for w in q.words), default=0)
        if isinstance(q, wq.AndNot):
            return self._estimate(q.a)
        return self.size

    def _phrase(self, q: wq.Phrase, boost: float) -> Scores:
        return phrase_scores(self, q, boost)
