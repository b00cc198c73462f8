"""Scoring without Whoosh's matcher tree: every match with its BM25F score, from cached postings.

Whoosh scores a query by walking a tree of matchers document by document in Python. A visitor's
word is an OR over a dozen fields (titles, summaries, bodies, PDFs in two languages, compound
parts), and in a domain corpus the common words occur in most documents, so the walk costs
hundreds of ms and its block-skipping rarely skips. Here each term's postings are read in bulk
(postings.py) and scored with Whoosh's BM25F formula and statistics, the same floats its scorer
computes, and kept (LRU, bounded) as {docnum: score} for the life of the searcher; a query is then
dictionary arithmetic with Whoosh's semantics (OR and AND add the scores of the parts that match,
a boost multiplies, AND NOT removes). Phrases are checked by positions and scored by their words.
"""
from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from array import array
from itertools import repeat
from operator import add, mul

from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from .analysis import positions_field
from .postings import LeafPostings, field_lengths, read_blocks, read_positions, read_postings, value_of

# Entries (documents) kept per searcher: the scored postings and positions of single terms, and
# the results of whole words (the OR over all their fields), which repeat across queries far more
# often. Scores are kept packed (`Packed`: 12 bytes per document instead of ~80 in a dict). A worker
# holds up to its threads' searchers plus IDLE_SEARCHERS, each with these caches: the limits keep a
# worker under 250 MB after thousands of distinct searches at 10,000 documents
# (bench/search_memory_bench.py; with twice these limits one worker reached 264 MB after 6,000),
# with room for the words of a few dozen queries (the benchmark's two-word queries need ~100,000).
CACHE_TERMS = 100_000
CACHE_WORDS = 200_000
CACHE_POSITIONS = 30_000  # documents of terms' positions (phrases): lists, far bigger per entry
CACHE_BLOCKS = 4_000  # terms whose block positions are kept for highlighting (a few hundred bytes each)
RESTRICT_RATIO = 256  # read a query part only where an AND's rarer part matched when it has 256x more postings

Scores = dict[int, float]


class Packed:
    """{docnum: score} as two arrays (ascending docnums), for the caches."""

    __slots__ = ("ids", "scores")

    def __init__(self, ids: array, scores: array):
        self.ids, self.scores = ids, scores

    @classmethod
    def of(cls, scores: Scores) -> "Packed":
        return cls(array("i", scores.keys()), array("d", scores.values()))

    def __len__(self) -> int:
        return len(self.ids)

    def as_dict(self) -> Scores:
        return dict(zip(self.ids, self.scores))


class Scorer:
    def __init__(self, searcher):
        self.searcher = searcher
        self.leaves = list(searcher.reader().leaf_readers())  # (segment reader, first docnum)
        self._starts = [offset for _, offset in self.leaves]
        self._terms = _Cache(CACHE_TERMS)
        self._positions = _Cache(CACHE_POSITIONS)
        self._words = _Cache(CACHE_WORDS)
        self._blocks: OrderedDict = OrderedDict()  # (field, text) -> [LeafPostings without ids] per leaf
        self._norms: dict[tuple[int, str], list[float]] = {}
        self._all: Scores | None = None
        self.deadline: float | None = None  # monotonic time after which phrases are read as AND
        self.approximate = False  # set when a phrase was read as the AND of its words

    def term(self, fieldname: str, text) -> Scores:
        return self._term(fieldname, text).as_dict()

    def _term(self, fieldname: str, text, within: list[int] | None = None) -> Packed:
        """The term's scores: all (cached), or at least those of the documents `within` (not cached)."""
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is not None:
            return found
        weighting = self.searcher.weighting
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            found = Packed.of({})
        elif type(weighting) is BM25F and field.scorable:
            found = self._bm25f(weighting, fieldname, text, within)
        else:
            found = Packed.of(self._matcher_scores(fieldname, text))
            within = None
        return found if within is not None else self._terms.keep(key, found)

    def _bm25f(self, weighting: BM25F, fieldname: str, text, within: list[int] | None = None) -> Packed:
        """Whoosh's bm25(idf, tf, fl, avgfl, B, K1) for every posting, the same expression in the
        same order (identical floats), with the length part per document computed once per searcher."""
        searcher = self.searcher
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = searcher.idf(fieldname, text)
        avgfl = searcher.avg_field_length(fieldname) or 1
        k1_plus_1 = k1 + 1
        found = Packed(array("i"), array("d"))
        for index, postings in enumerate(self._postings(fieldname, text, within)):
            if postings is None:
                continue
            norm = self._norm(index, fieldname, b, k1, avgfl)
            ids = postings.ids
            found.scores.extend([idf * ((tf * k1_plus_1) / (tf + norm[d])) for d, tf in zip(ids, postings.weights)])
            offset = self.leaves[index][1]
            found.ids.extend([d + offset for d in ids] if offset else ids)
        return found

    def _postings(self, fieldname: str, text, within: list[int] | None = None) -> list[LeafPostings | None]:
        """The term's postings per segment."""
        return [read_postings(reader, fieldname, text, _local(within, offset, reader.doc_count_all()))
                for reader, offset in self.leaves]

    def _norm(self, leaf: int, fieldname: str, b: float, k1: float, avgfl: float) -> list[float]:
        """K1 * ((1 - B) + B * fl / avgfl) per document of a segment: constant while the searcher lives."""
        key = (leaf, fieldname)
        norm = self._norms.get(key)
        if norm is None:
            lengths = field_lengths(self.leaves[leaf][0], fieldname)
            norm = self._norms[key] = [k1 * ((1 - b) + b * fl / avgfl) for fl in lengths]
        return norm

    def _matcher_scores(self, fieldname: str, text) -> Scores:
        """Any other field or weighting: Whoosh's matcher and scorer, posting by posting."""
        found: Scores = {}
        try:
            matcher = self.searcher.postings(fieldname, text)
            scorer = self.searcher.weighting.scorer(self.searcher, fieldname, text)
            while matcher.is_active():
                found[matcher.id()] = scorer.score(matcher)
                matcher.next()
        except (TermNotFound, KeyError):
            pass
        return found

    def value(self, fieldname: str, text, docnum: int, astype: str):
        """One posting's value (e.g. its "characters"), reading only the block that holds it; where
        a term's blocks lie is read from their headers once and kept (a few hundred bytes)."""
        key = (fieldname, text)
        blocks = self._blocks.get(key)
        if blocks is None:
            blocks = self._blocks[key] = [read_blocks(reader, fieldname, text) for reader, _ in self.leaves]
            while len(self._blocks) > CACHE_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(key)
        leaf = bisect_right(self._starts, docnum) - 1
        postings = blocks[leaf] if blocks and leaf < len(blocks) else None
        if postings is None:
            return None
        reader, offset = self.leaves[leaf]
        return value_of(reader, fieldname, text, postings, docnum - offset, astype)

    def all(self) -> Scores:
        if self._all is None:
            self._all = dict.fromkeys(self.searcher.reader().all_doc_ids(), 1.0)
        return self._all

    def of(self, q: wq.Query, within: list[int] | None = None) -> Scores:
        """{docnum: score} of every live document that `q` matches (a word's OR is cached too).

        With `within` (sorted docnums: the other part of an AND has only these) the answer holds at
        least those documents that `q` matches; then only postings blocks that may hold them are read.
        """
        if isinstance(q, wq.Or):
            packed = self._words.get(q)
            if packed is not None:
                return packed.as_dict()
            before = self.approximate
            found = self._of(q, within)
            if within is None and self.approximate == before:  # a partial or approximate answer is not kept
                self._words.keep(q, Packed.of(found))
            return found
        return self._of(q, within)

    def _of(self, q: wq.Query, within: list[int] | None) -> Scores:
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term):
            scores = self._term(q.fieldname, q.text, within).as_dict()
            return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}
        if isinstance(q, wq.Every):
            return self.all()
        if isinstance(q, wq.AndNot):
            kept = self.of(q.a, within)
            excluded = self.of(q.b, self._restriction(q.b, sorted(kept)))
            return {d: s for d, s in kept.items() if d not in excluded}
        if isinstance(q, wq.Phrase):
            return self._phrase(q, boost)
        if isinstance(q, wq.And):
            return self._and(q, boost, within)
        if isinstance(q, wq.Or):
            result: Scores = {}
            for sub in q.subqueries:
                if isinstance(sub, wq.Term):  # a field of a word: its boost is applied while adding
                    packed = self._term(sub.fieldname, sub.text, within)
                    _add(result, packed.ids, packed.scores, sub.boost)
                else:
                    found = self.of(sub, within)
                    _add(result, found.keys(), found.values(), 1.0)
            if boost != 1.0:
                result = {d: s * boost for d, s in result.items()}
            return result
        return dict.fromkeys(self.searcher.docs_for_query(q), boost)

    def _and(self, q: wq.And, boost: float, within: list[int] | None) -> Scores:
        """The documents every part matches, their scores added. The part expected to match fewest
        documents is read first; the others only where it matched (most of a frequent word's
        postings blocks are then skipped)."""
        subs = list(q.subqueries)
        if not subs:
            return {}
        order = sorted(range(len(subs)), key=lambda i: self._estimate(subs[i]))
        parts: list[Scores | None] = [None] * len(subs)
        parts[order[0]] = first = self.of(subs[order[0]], within)
        docs = sorted(first) if within is None else [d for d in within if d in first]
        for i in order[1:]:
            if not docs:
                return {}
            parts[i] = part = self.of(subs[i], self._restriction(subs[i], docs))
            docs = [d for d in docs if d in part]
        result = {}
        for docnum in docs:
            score = 0.0
            for part in parts:
                score += part[docnum]
            result[docnum] = score * boost
        return result

    def _restriction(self, q: wq.Query, docs: list[int]) -> list[int] | None:
        """`docs` when so few that most of `q`'s postings blocks (~128 postings each) can be skipped;
        otherwise None: the whole answer costs little more and is cached for the next query."""
        return docs if len(docs) * RESTRICT_RATIO < self._estimate(q) else None

    def _estimate(self, q: wq.Query) -> int:
        """About how many documents `q` matches, from document frequencies (no postings read)."""
        if isinstance(q, wq.Term):
            try:
                return self.searcher.doc_frequency(q.fieldname, q.text)
            except (TermNotFound, KeyError):
                return 0
        if isinstance(q, wq.Or):
            cached = self._words.items.get(q)
            return len(cached) if cached is not None else sum(self._estimate(sub) for sub in q.subqueries)
        if isinstance(q, wq.And):
            return min((self._estimate(sub) for sub in q.subqueries), default=0)
        if isinstance(q, wq.Phrase):
            return min((self._estimate(wq.Term(q.fieldname, w)) for w in q.words), default=0)
        if isinstance(q, wq.AndNot):
            return self._estimate(q.a)
        return self.searcher.doc_count_all()

    def positions(self, fieldname: str, text) -> dict[int, list[int]]:
        """{docnum: positions} of a term in a positions field, read once per searcher (cached like the scores)."""
        key = (fieldname, text)
        found = self._positions.get(key)
        if found is None:
            found = {}
            for reader, offset in self.leaves:
                leaf = read_positions(reader, fieldname, text)
                found.update(((d + offset, p) for d, p in leaf.items()) if offset else leaf.items())
            self._positions.keep(key, found)
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
            lists = [self.positions(positions_field(q.fieldname), word) for word in q.words]
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


def _local(within: list[int] | None, offset: int, count: int) -> list[int] | None:
    """The docnums of `within` that fall in a segment, made local to it."""
    if within is None:
        return None
    part = within[bisect_left(within, offset) : bisect_left(within, offset + count)]
    return [d - offset for d in part] if offset else part


def _add(result: Scores, keys, values, boost: float) -> None:
    """result[d] += score * boost for every (d, score) (missing counts as 0.0), the loop in C: an OR
    over a word's fields adds tens of thousands of postings, at a few µs each in a Python loop."""
    values = values if boost == 1.0 else map(mul, values, repeat(boost))
    if not result:
        result.update(zip(keys, values))
    else:
        result.update(zip(keys, map(add, map(result.get, keys, repeat(0.0)), values)))


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
