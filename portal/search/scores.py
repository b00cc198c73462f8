"""Scoring without Whoosh's matcher tree: every match with its BM25F score, from cached postings.

Whoosh scores a query by walking a tree of matchers document by document in Python. A visitor's
word is an OR over a dozen fields (titles, summaries, bodies, PDFs in two languages, compound
parts), and in a domain corpus the common words occur in most documents, so the walk costs
hundreds of ms and its block-skipping rarely skips. Here each term's postings are scored once
with Whoosh's own BM25F scorer and kept (LRU, bounded) as {docnum: score} for the life of the
searcher; a query is then dictionary arithmetic with Whoosh's semantics (OR and AND add the
scores of the parts that match, a boost multiplies, AND NOT removes). Phrases are checked by
Whoosh's phrase matcher (positions) and scored by their words.
"""
from __future__ import annotations

import time
from collections import OrderedDict

from whoosh import query as wq
from whoosh.reading import TermNotFound

# Entries (documents) kept per searcher: the scored postings and positions of single terms, and
# the results of whole words (the OR over all their fields), which repeat across queries far more
# often. Measured at 10,000 documents with 600 varied searches through gunicorn 2 workers x 4
# threads: limits of 300,000 / 700,000 let a worker grow from 149 MB to 2.5 GB; these keep it
# bounded (bench/README.md, "Memory").
CACHE_TERMS = 30_000
CACHE_WORDS = 70_000

Scores = dict[int, float]


class Scorer:
    def __init__(self, searcher):
        self.searcher = searcher
        self._terms = _Cache(CACHE_TERMS)
        self._words = _Cache(CACHE_WORDS)
        self._all: Scores | None = None
        self.deadline: float | None = None  # monotonic time after which phrases are read as AND
        self.approximate = False  # set when a phrase was read as the AND of its words

    def term(self, fieldname: str, text) -> Scores:
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is not None:
            return found
        found = {}
        try:
            matcher = self.searcher.postings(fieldname, text)
            scorer = self.searcher.weighting.scorer(self.searcher, fieldname, text)
            while matcher.is_active():
                found[matcher.id()] = scorer.score(matcher)
                matcher.next()
        except (TermNotFound, KeyError):
            pass
        return self._terms.keep(key, found)

    def all(self) -> Scores:
        if self._all is None:
            self._all = dict.fromkeys(self.searcher.reader().all_doc_ids(), 1.0)
        return self._all

    def of(self, q: wq.Query) -> Scores:
        """{docnum: score} of every live document that `q` matches (a word's OR is cached too)."""
        if isinstance(q, wq.Or):
            found = self._words.get(q)
            if found is None:
                before = self.approximate
                found = self._of(q)
                if self.approximate == before:  # an approximate answer is not kept
                    self._words.keep(q, found)
            return found
        return self._of(q)

    def _of(self, q: wq.Query) -> Scores:
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term):
            scores = self.term(q.fieldname, q.text)
            return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}
        if isinstance(q, wq.Every):
            return self.all()
        if isinstance(q, wq.AndNot):
            excluded = self.of(q.b)
            return {d: s for d, s in self.of(q.a).items() if d not in excluded}
        if isinstance(q, wq.Phrase):
            return self._phrase(q, boost)
        if isinstance(q, wq.And):
            parts = sorted((self.of(sub) for sub in q.subqueries), key=len)
            if not parts:
                return {}
            result = {}
            first, rest = parts[0], parts[1:]
            for docnum, score in first.items():
                for other in rest:
                    found = other.get(docnum)
                    if found is None:
                        break
                    score += found
                else:
                    result[docnum] = score * boost
            return result
        if isinstance(q, wq.Or):
            result = {}
            get = result.get
            for sub in q.subqueries:
                for docnum, score in self.of(sub).items():
                    result[docnum] = get(docnum, 0.0) + score
            if boost != 1.0:
                result = {d: s * boost for d, s in result.items()}
            return result
        return dict.fromkeys(self.searcher.docs_for_query(q), boost)

    def positions(self, fieldname: str, text) -> dict[int, list[int]]:
        """{docnum: positions} of a term, read once per searcher (cached like the scores)."""
        key = ("positions", fieldname, text)
        found = self._terms.get(key)
        if found is None:
            found = {}
            try:
                matcher = self.searcher.postings(fieldname, text)
                while matcher.is_active():
                    found[matcher.id()] = matcher.value_as("positions")
                    matcher.next()
            except (TermNotFound, KeyError):
                pass
            self._terms.keep(key, found)
        return found

    def _phrase(self, q: wq.Phrase, boost: float) -> Scores:
        """Documents with the words next to each other, in order (Whoosh's slop 1).

        The documents with all the words come from the cached scores; positions are compared
        as sets. Past the deadline (a cold cache, a huge corpus) the rest of the phrase counts
        as all its words, and the portal says so (`approximate`).
        """
        words = [self.term(q.fieldname, word) for word in q.words]
        if not words or not all(words):
            return {}
        smallest = min(words, key=len)
        candidates = [d for d in smallest if all(d in w for w in words)]
        if not candidates:
            return {}
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.approximate = True
            matched = candidates
        else:
            lists = [self.positions(q.fieldname, word) for word in q.words]
            matched = []
            for count, docnum in enumerate(candidates):
                if self.deadline is not None and count % 256 == 255 and time.monotonic() > self.deadline:
                    self.approximate = True
                    matched.extend(candidates[count:])
                    break
                starts = set(lists[0][docnum])
                for offset, positions in enumerate(lists[1:], start=1):
                    starts &= {p - offset for p in positions[docnum]}
                    if not starts:
                        break
                if starts:
                    matched.append(docnum)
        return {d: sum(w[d] for w in words) * boost for d in matched}


class _Cache:
    """An LRU of dicts, bounded by the total number of their entries."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def keep(self, key, value: dict):
        self.items[key] = value
        self.size += len(value) + 1
        while self.size > self.limit and len(self.items) > 1:
            _, dropped = self.items.popitem(last=False)
            self.size -= len(dropped) + 1
        return value
