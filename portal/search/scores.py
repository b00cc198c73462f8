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
queries far more often) are kept, packed, for the life of the searcher.
"""
from __future__ import annotations

import time
from bisect import bisect_right
from collections import OrderedDict
from math import log
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from .analysis import positions_field
from .columns import columns_for
from .postings import (OTHER, doc_frequency, field_lengths, read_blocks, read_positions, read_postings,
                       small_lexicon, term_info, value_of)

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

Scores = np.ndarray  # float64, one score per document of the searcher; 0.0 where nothing matched


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


class Scorer:
    def __init__(self, searcher, folder: Path | None = None):
        """`folder`: the index's directory, where a full build leaves postings columns (columns.py)."""
        self.searcher = searcher
        self.leaves = list(searcher.reader().leaf_readers())  # (segment reader, first docnum)
        segments = [reader._segment.segment_id() if hasattr(reader, "_segment") else None for reader, _ in self.leaves]
        self._columns = [columns_for(folder, segment) if segment else None for segment in segments]
        self._lexicons = [small_lexicon(reader, (str(folder), segment) if folder and segment else None)
                          for (reader, _), segment in zip(self.leaves, segments)]
        self._starts = [offset for _, offset in self.leaves]
        self.size = searcher.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for reader, offset in self.leaves:
            if reader.has_deletions():
                self.live[np.fromiter(reader.deleted_docs_set, dtype=np.int64) + offset] = False
        self.deletions = not self.live.all()
        self._terms = _Cache(CACHE_TERMS)
        self._words = _Cache(CACHE_WORDS)
        self._infos: OrderedDict = OrderedDict()  # (field, text) -> term info per leaf
        self._blocks: OrderedDict = OrderedDict()  # (field, text) -> LeafPostings (blocks only) per leaf
        self._norms: dict[str, np.ndarray] = {}
        self._all: Scores | None = None
        self.deadline: float | None = None  # monotonic time after which phrases are read as AND
        self.approximate = False  # set when a phrase was read as the AND of its words

    # terms ---------------------------------------------------------------------------------
    def _info(self, fieldname: str, text) -> list:
        """The term's info in each segment (None where it has no postings), looked up once: the
        lookup (a hash file read through several calls) is needed for its statistics and postings."""
        key = (fieldname, text)
        infos = self._infos.get(key)
        if infos is None:
            infos = self._infos[key] = [term_info(reader, fieldname, text, lexicon)
                                        for (reader, _), lexicon in zip(self.leaves, self._lexicons)]
            if len(self._infos) > CACHE_INFOS:
                self._infos.popitem(last=False)
        return infos

    def doc_frequency(self, fieldname: str, text) -> int:
        """Documents with the term (deleted ones included), as Whoosh's searcher counts them."""
        if fieldname not in self.searcher.schema:
            return 0
        return sum(doc_frequency(reader, fieldname, text, info)
                   for (reader, _), info in zip(self.leaves, self._info(fieldname, text)))

    def term(self, fieldname: str, text) -> dict[int, float]:
        return as_dict(self._term(fieldname, text).spread(self.size))

    def _term(self, fieldname: str, text, within: np.ndarray | None = None) -> Packed:
        """The term's scores: all (cached), or at least those of the documents `within` (not cached)."""
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is not None:
            return found
        weighting = self.searcher.weighting
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            found = Packed(np.zeros(0, dtype=np.int32), np.zeros(0))
        elif type(weighting) is BM25F and field.scorable:
            found, complete = self._bm25f(weighting, fieldname, text, within)
            within = None if complete else within
        else:
            found = Packed.of(self._matcher_scores(fieldname, text))
            within = None
        return found if within is not None else self._terms.keep(key, found)

    def _bm25f(self, weighting: BM25F, fieldname: str, text, within: np.ndarray | None = None
               ) -> tuple[Packed, bool]:
        """Whoosh's bm25(idf, tf, fl, avgfl, B, K1) for every posting: the same expression in the
        same order (identical floats), with Whoosh's idf, and the length part per document computed
        once per searcher. With whether every posting was read (`within` may skip blocks)."""
        searcher = self.searcher
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = log(self.size / (self.doc_frequency(fieldname, text) + 1)) + 1  # WeightingModel.idf
        avgfl = searcher.avg_field_length(fieldname) or 1
        ids, tf, complete = self._postings(fieldname, text, within)
        if self.deletions:
            alive = self.live[ids]
            ids, tf = ids[alive], tf[alive]
        norm = self._norm(fieldname, b, k1, avgfl)
        return Packed(ids.astype(np.int32), idf * ((tf * (k1 + 1)) / (tf + norm[ids]))), complete

    def _postings(self, fieldname: str, text, within: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, bool]:
        """The term's (docnums, weights) over all segments, and whether they are all of them."""
        ids, weights = [], []
        complete = True
        for (reader, offset), info, columns in zip(self.leaves, self._info(fieldname, text), self._columns):
            found = None
            if columns is not None and info is not None and info is not OTHER:
                found = columns.read(info.extent()[0])  # all of them: cheaper than skipping blocks
            if found is None:
                local = _local(within, offset, reader.doc_count_all())
                complete = complete and local is None
                found = read_postings(reader, fieldname, text, info, local)
            if found is not None:
                ids.append(found[0] + offset if offset else found[0])
                weights.append(found[1])
        if len(ids) == 1:
            return ids[0], weights[0], complete
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0), complete
        return np.concatenate(ids), np.concatenate(weights), complete

    def _norm(self, fieldname: str, b: float, k1: float, avgfl: float) -> np.ndarray:
        """K1 * ((1 - B) + B * fl / avgfl) per document: constant while the searcher lives."""
        norm = self._norms.get(fieldname)
        if norm is None:
            lengths = np.concatenate([field_lengths(reader, fieldname) for reader, _ in self.leaves])
            norm = self._norms[fieldname] = k1 * ((1 - b) + b * lengths / avgfl)
        return norm

    def _matcher_scores(self, fieldname: str, text) -> Scores:
        """Any other field or weighting: Whoosh's matcher and scorer, posting by posting."""
        found = np.zeros(self.size)
        try:
            matcher = self.searcher.postings(fieldname, text)
            scorer = self.searcher.weighting.scorer(self.searcher, fieldname, text)
            while matcher.is_active():
                found[matcher.id()] = scorer.score(matcher)
                matcher.next()
        except (TermNotFound, KeyError):
            pass
        return found

    def may_have(self, fieldname: str, text, docnum: int) -> bool:
        """False when the term's scored postings, if kept, show that document `docnum` lacks it:
        highlighting then skips reading the term's match offsets there."""
        packed = self._terms.items.get((fieldname, text))
        if packed is None:
            return True
        at = int(np.searchsorted(packed.ids, docnum))
        return at < len(packed.ids) and packed.ids[at] == docnum

    def value(self, fieldname: str, text, docnum: int, astype: str):
        """One posting's value (e.g. its "characters"), reading only the block that holds it; where
        a term's blocks lie is read from their headers once and kept (a few hundred bytes)."""
        key = (fieldname, text)
        blocks = self._blocks.get(key)
        if blocks is None:
            blocks = self._blocks[key] = [read_blocks(reader, fieldname, text, info)
                                          for (reader, _), info in zip(self.leaves, self._info(fieldname, text))]
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

    def positions(self, fieldname: str, text, docnums) -> dict[int, list[int]]:
        """{docnum: positions} of a term in a positions field, for the documents `docnums` (sorted)."""
        docnums = np.asarray(docnums, dtype=np.int64)
        found: dict[int, list[int]] = {}
        for (reader, offset), info in zip(self.leaves, self._info(fieldname, text)):
            local = _local(docnums, offset, reader.doc_count_all())
            leaf = read_positions(reader, fieldname, text, info, local.tolist())
            found.update(((d + offset, p) for d, p in leaf.items()) if offset else leaf.items())
        return found

    # queries -------------------------------------------------------------------------------
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
        """Documents with the words next to each other, in order (Whoosh's slop 1).

        The documents with all the words come from the cached scores; only their positions are
        decoded and compared as sets. Past the deadline (a cold cache, a huge corpus) the phrase's
        other fields count as all their words, and the portal says so (`approximate`).
        """
        words = [self._term(q.fieldname, word).spread(self.size) for word in q.words]
        if not words:
            return np.zeros(self.size)
        matched = words[0] > 0
        for scores in words[1:]:
            matched &= scores > 0
        candidates = np.flatnonzero(matched)
        if not len(candidates):
            return np.zeros(self.size)
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.approximate = True
        else:
            field = positions_field(q.fieldname)
            matched[:] = False
            bounds = np.searchsorted(candidates, np.arange(0, self.size + PHRASE_SPAN, PHRASE_SPAN))
            for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):  # by ranges of docnums:
                if begin == end:  # a postings block is decompressed for at most two ranges
                    continue
                if begin and self.deadline is not None and time.monotonic() > self.deadline:
                    self.approximate = True
                    matched[candidates[begin:]] = True
                    break
                docs = candidates[begin:end]
                lists = [self.positions(field, word, docs) for word in q.words]
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


def _local(within: np.ndarray | None, offset: int, count: int) -> np.ndarray | None:
    """The docnums of `within` that fall in a segment, made local to it."""
    if within is None:
        return None
    part = within[np.searchsorted(within, offset) : np.searchsorted(within, offset + count)]
    return part - offset if offset else part


class _Cache:
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
