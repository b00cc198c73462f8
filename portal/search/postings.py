"""Whoosh's postings and field lengths read in bulk, instead of posting by posting.

Scoring a term through Whoosh's matcher costs about 5 µs per posting (method calls for the id
and the weight, a file read for the document's field length), and opening each block reads its
header through `pickle.load` on the file, byte by byte; a common word has some 10,000 postings
per field. Here a term's postings are read with one file read, its blocks (the delta-coded ids
and weights Whoosh pickles per block of up to 128 postings) are decoded from memory into numpy
arrays, and a segment's field lengths are read as one byte string, so a term costs a few
Python-level operations per *block* (and a full build's frequent terms none: columns.py).

This is the one module that knows Whoosh's on-disk format (codec whoosh3: the term info's extent,
the block layout, the length column); whoosh-reloaded is pinned at 2.7.5, anything else (another
codec, inlined postings) goes through Whoosh's own matcher, and tests compare what is read here
with what Whoosh's matcher and scorer return.
"""
from __future__ import annotations

import io
import pickle
import struct
import threading
import zlib
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import accumulate
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermsReader, _lenfield
from whoosh.formats import Characters
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from .. import lazy
np = lazy.module("numpy")  # imported on first use: start-up does without it
_INT = struct.Struct("!i")


@dataclass
class LeafPostings:
    """Where each block of one segment's postings of a term lies: (last id, start, end) in the
    postings file, so that one document's value can be read later from its block alone."""

    blocks: list[tuple[int, int, int]] = field(default_factory=list)


OTHER = object()  # the term info of a segment this module cannot decode (not the whoosh3 codec)


SMALL_SEGMENT = 200  # documents: a segment written by updates, whose terms are kept as a set
OPEN_LEXICONS = 16  # small segments whose term sets a process keeps
_lexicons: OrderedDict = OrderedDict()
_lexicons_lock = threading.Lock()


def small_lexicon(reader, key) -> frozenset | None:
    """Every (field, term as bytes) of a small segment, read once per process (`key` names the
    segment; None: not kept beyond this call); None for a large segment. Each editor's save writes a
    small segment, and a query looks up a few dozen terms per word in every segment: in a small one
    most are absent, and a set says so without reading its term table."""
    if not isinstance(getattr(reader, "_terms", None), W3TermsReader) or reader.doc_count_all() > SMALL_SEGMENT:
        return None
    with _lexicons_lock:
        found = _lexicons.get(key) if key is not None else None
    if found is None:
        found = frozenset(reader._terms.terms())
        if key is not None:
            with _lexicons_lock:
                _lexicons[key] = found
                while len(_lexicons) > OPEN_LEXICONS:
                    _lexicons.popitem(last=False)
    return found


def term_info(reader, fieldname: str, text, lexicon: frozenset | None = None):
    """Whoosh's term info in one segment, OTHER for a segment this module cannot decode, None for
    no postings: one lookup in the segment's term table (a hash file read through several calls),
    none when the segment's `lexicon` (small_lexicon) lacks the term."""
    if lexicon is not None and (fieldname, reader._text_to_bytes(fieldname, text)) not in lexicon:
        return None
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        try:
            reader.postings(fieldname, text)
        except (TermNotFound, KeyError):
            return None
        return OTHER
    try:
        return terms.term_info(fieldname, reader._text_to_bytes(fieldname, text))
    except (TermNotFound, KeyError):
        return None


def doc_frequency(reader, fieldname: str, text, info) -> int:
    """The term's document count in the segment (deleted documents included), as Whoosh's reader
    gives it, from its term info."""
    if info is None:
        return 0
    if info is OTHER:
        return reader.doc_frequency(fieldname, text)
    return info.doc_frequency()


def read_postings(reader, fieldname: str, text, info, within: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray] | None:
    """(segment-local ids, weights) of a term's postings in one segment, as numpy arrays (deleted
    documents included: the caller masks them), or None when it has none. `info` is term_info's.

    `within` (sorted segment-local docnums): only blocks that may hold one of them are decoded, the
    others skipped by the id range in their header (an AND needs no document outside its rarest
    part); the result may then hold other documents of those blocks too."""
    if info is None:
        return None
    if info is OTHER:  # Whoosh's own matcher, posting by posting
        ids, weights = [], []
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    return decode_postings(_raw(reader, info, fieldname, text), within)


def decode_postings(raw: bytes, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) from a term's postings as Whoosh writes them (magic, then its blocks)."""
    deltas: list[int] = []
    weights: list[float] = []
    decoded_last = None  # the last id of the block decoded before (blocks delta-code from 0)
    first = 0
    for last, _, _, load in _blocks(raw, 0):
        if within is not None and not _any_between(within, first, last):
            first = last + 1
            continue
        first = last + 1
        block_ids, block_weights = load()[:2]
        start = len(deltas)
        deltas.extend(block_ids)
        if decoded_last is not None:  # so that one cumulative sum gives every block's ids
            deltas[start] -= decoded_last
        decoded_last = last
        if block_weights is None:
            weights.extend([1.0] * len(block_ids))
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * len(block_ids))
        else:
            weights.extend(block_weights)
    return np.cumsum(np.array(deltas, dtype=np.int64)), np.array(weights, dtype=np.float64)


def _raw(reader, info, fieldname: str, text) -> bytes:
    """A term's whole postings (every block) with one file read."""
    offset, length = info.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's 1-tuple
        length = length[0]
    raw = reader._terms._postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"unexpected postings header for {fieldname}:{text!r}")
    return raw


def _any_between(docnums, low: int, high: int) -> bool:
    at = bisect_left(docnums, low)
    return at < len(docnums) and docnums[at] <= high


def _blocks(raw: bytes, offset: int):
    """(last id, start, end, load) of each block of one term's postings; load() -> (ids, weights, values).

    Layout (whoosh3 W3PostingsWriter): a 4-byte magic, then per block a signed int (the block's
    length after it; negative for the last block), a pickled info tuple (count, last id, max weight,
    compressed?, min length, max length) and the pickled, maybe zlib-compressed, data tuple.
    """
    stream = io.BytesIO(raw)
    position = 4
    while True:
        (length,) = _INT.unpack_from(raw, position)
        end = position + 4 + abs(length)
        stream.seek(position + 4)
        count, last_id, _, compressed, _, _ = pickle.load(stream)
        yield last_id, offset + position, offset + end, partial(_load, raw, stream.tell(), end, compressed)
        if length < 0:
            return
        position = end


def read_blocks(reader, fieldname: str, text, info) -> LeafPostings | None:
    """Where each block of a term's postings lies, from the block headers alone (nothing decompressed):
    enough for `value_of` to read one document's value; no blocks for inlined postings or another
    codec (value_of then asks Whoosh's matcher)."""
    if info is None:
        return None
    found = LeafPostings()
    if info is OTHER or info.is_inlined():
        return found
    offset = info.extent()[0]
    found.blocks.extend((last, start, end) for last, start, end, _ in _blocks(_raw(reader, info, fieldname, text), offset))
    return found


def read_positions(reader, fieldname: str, text, info, within: list[int]) -> dict[int, list[int]]:
    """{segment-local docnum: positions of the term} for the live documents of `within` (sorted)
    that have it: only the blocks that may hold them are decompressed, only their values decoded."""
    if info is None or not within:
        return {}
    decode = _positions_decoder(reader.schema[fieldname].format)
    wanted = set(within)
    found: dict[int, list[int]] = {}
    if info is OTHER or info.is_inlined():
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            if matcher.id() in wanted:
                found[matcher.id()] = matcher.value_as("positions")
            matcher.next()
    else:
        first = 0
        for last, _, _, load in _blocks(_raw(reader, info, fieldname, text), 0):
            if _any_between(within, first, last):
                deltas, _, values = load()
                for at, docnum in enumerate(accumulate(deltas)):
                    if docnum in wanted:
                        found[docnum] = decode(values[at])
            first = last + 1
    if reader.has_deletions():
        for docnum in reader.deleted_docs_set:
            found.pop(docnum, None)
    return found


def _positions_decoder(fmt):
    """Whoosh's decoder of positions; for Characters (the highlighted fields) the same steps without
    the per-value Python loop: the value is a 4-byte count and a pickled list of (position delta,
    start delta, length) tuples."""
    if isinstance(fmt, Characters):
        def positions(value: bytes) -> list[int]:
            if not value.endswith(b"."):
                value += b"."
            return list(accumulate(map(itemgetter(0), pickle.loads(value[4:]))))

        return positions
    return fmt.decoder("positions")


def _load(raw: bytes, start: int, end: int, compressed: bool):
    data = raw[start:end]
    return pickle.loads(zlib.decompress(data) if compressed else data)


def value_of(reader, fieldname: str, text, postings: LeafPostings, docnum: int, astype: str):
    """The value of one posting as `astype` (e.g. "characters"), reading only the block that holds it."""
    if reader.has_deletions() and reader.is_deleted(docnum):
        return None
    if not postings.blocks:  # inlined postings (or another codec): Whoosh's matcher finds it
        try:
            matcher = reader.postings(fieldname, text)
        except (TermNotFound, KeyError):
            return None
        matcher.skip_to(docnum)
        return matcher.value_as(astype) if matcher.is_active() and matcher.id() == docnum else None
    index = bisect_left(postings.blocks, (docnum, 0, 0))
    if index >= len(postings.blocks):
        return None
    _, start, end = postings.blocks[index]
    raw = WHOOSH3_HEADER_MAGIC + reader._terms._postfile.get(start, end - start)
    for _, _, _, load in _blocks(raw, start - 4):
        deltas, _, values = load()
        ids = list(accumulate(deltas))
        at = bisect_left(ids, docnum)
        if at == len(ids) or ids[at] != docnum:
            return None
        fmt = reader.schema[fieldname].format
        size = fmt.fixed_value_size()
        if size is None or size < 0:
            value = values[at]
        elif size == 0:
            value = None
        else:
            value = values[at * size : (at + 1) * size]
        return fmt.decoder(astype)(value)
    return None


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """The length (in terms, as Whoosh stores it: one byte, approximated) of `fieldname` per document."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return np.array([reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)], dtype=np.float64)
    raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
    lengths = np.zeros(count, dtype=np.float64)
    lengths[: len(raw)] = _byte_lengths()[np.frombuffer(raw, dtype=np.uint8)]
    return lengths


_byte_lengths = cache(lambda: np.array([byte_to_length(b) for b in range(256)], dtype=np.float64))  # numpy: lazily
