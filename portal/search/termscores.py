"""The scores of single terms, read in bulk from their postings: Whoosh's BM25F as numpy arithmetic.

Also what highlighting needs of a term (one posting's value, positions), since it shares the
term infos and blocks looked up here. Queries over these scores are scores.py's job.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from math import log
from pathlib import Path

from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from .. import lazy
from .columns import columns_for
from .packed import CACHE_BLOCKS, CACHE_INFOS, CACHE_TERMS, Packed, PackedCache, Scores, as_dict, local_docnums
from .postings import (OTHER, doc_frequency, field_lengths, read_blocks, read_positions, read_postings,
                       small_lexicon, term_info, value_of)

np = lazy.module("numpy")  # imported on first use: start-up does without it


class TermScores:
    """Per searcher: each term's scored postings (cached), statistics and positions."""

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
        self._terms = PackedCache(CACHE_TERMS)
        self._infos: OrderedDict = OrderedDict()  # (field, text) -> term info per leaf
        self._blocks: OrderedDict = OrderedDict()  # (field, text) -> LeafPostings (blocks only) per leaf
        self._norms: dict[str, np.ndarray] = {}

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
                local = local_docnums(within, offset, reader.doc_count_all())
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
            local = local_docnums(docnums, offset, reader.doc_count_all())
            leaf = read_positions(reader, fieldname, text, info, local.tolist())
            found.update(((d + offset, p) for d, p in leaf.items()) if offset else leaf.items())
        return found
