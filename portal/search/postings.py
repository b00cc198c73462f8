"""Whoosh's postings and field lengths read in bulk, instead of posting by posting.

Scoring a term through Whoosh's matcher costs about 5 µs per posting (method calls for the id
and the weight, a file read for the document's field length), and opening each block reads its
header through `pickle.load` on the file, byte by byte; a common word has some 10,000 postings
per field. Here a term's postings are read with one file read, its blocks (the delta-coded ids
and weights Whoosh pickles per block of up to 128 postings) are decoded from memory, and a
segment's field lengths are read as one byte string, so a term costs a few Python-level
operations per *block*.

This is the one module that knows Whoosh's on-disk format (codec whoosh3: the term info's extent,
the block layout, the length column); whoosh-reloaded is pinned at 2.7.5, anything else (another
codec, inlined postings) goes through Whoosh's own matcher, and tests compare what is read here
with what Whoosh's matcher and scorer return.
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermsReader, _lenfield
from whoosh.formats import Characters
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

_INT = struct.Struct("!i")


@dataclass
class LeafPostings:
    """One segment's postings of a term: segment-local ids (deleted documents left out) and
    weights, and each block's (last id, start, end) in the postings file, so that one document's
    value can be read later from its block alone."""

    ids: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    blocks: list[tuple[int, int, int]] = field(default_factory=list)


def read_postings(reader, fieldname: str, text, within: list[int] | None = None) -> LeafPostings | None:
    """All postings of `text` in `fieldname` of one segment reader, or None when it has none.

    `within` (sorted segment-local docnums): only blocks that may hold one of them are decoded, the
    others skipped by the id range in their header (an AND needs no document outside its rarest
    part); the result may then hold other documents of those blocks too."""
    info = _term_info(reader, fieldname, text)
    if info is None:
        return None
    found = LeafPostings()
    if info is _OTHER:  # not the whoosh3 codec: Whoosh's own matcher, posting by posting
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            found.ids.append(matcher.id())
            found.weights.append(matcher.weight())
            matcher.next()
        return found
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        found.ids, found.weights = list(ids), [float(w) for w in weights]
    else:
        offset, length = info.extent()
        if isinstance(length, tuple):  # W3TermInfo.from_bytes keeps struct.unpack's 1-tuple
            length = length[0]
        raw = reader._terms._postfile.get(offset, length)
        if raw[:4] != WHOOSH3_HEADER_MAGIC:
            raise ValueError(f"unexpected postings header for {fieldname}:{text!r}")
        first = 0
        for last, start, end, load in _blocks(raw, offset):
            found.blocks.append((last, start, end))
            if within is not None and not _any_between(within, first, last):
                first = last + 1
                continue
            first = last + 1
            ids, weights = load()[:2]
            before = len(found.ids)
            found.ids.extend(accumulate(ids))
            count = len(found.ids) - before
            if weights is None:
                found.weights.extend([1.0] * count)
            elif isinstance(weights, float):
                found.weights.extend([weights] * count)
            else:
                found.weights.extend(weights)
    if reader.has_deletions():
        _drop(found, reader.deleted_docs_set)
    return found


def _drop(found: LeafPostings, deleted) -> None:
    """Leave out deleted documents: usually a few (edited ones) among thousands of postings, so
    they are looked up in the sorted ids rather than every posting checked."""
    ids, weights = found.ids, found.weights
    if len(deleted) > len(ids) // 16:
        kept = [(d, w) for d, w in zip(ids, weights) if d not in deleted]
        found.ids, found.weights = [d for d, _ in kept], [w for _, w in kept]
        return
    for docnum in sorted(deleted, reverse=True):
        at = bisect_left(ids, docnum)
        if at < len(ids) and ids[at] == docnum:
            del ids[at]
            del weights[at]


_OTHER = object()


def _term_info(reader, fieldname: str, text):
    """Whoosh's term info, _OTHER for a reader this module cannot decode, None for no postings."""
    terms = getattr(reader, "_terms", None)
    if not isinstance(terms, W3TermsReader):
        try:
            reader.postings(fieldname, text)
        except (TermNotFound, KeyError):
            return None
        return _OTHER
    try:
        return terms.term_info(fieldname, reader._text_to_bytes(fieldname, text))
    except (TermNotFound, KeyError):
        return None


def _any_between(docnums: list[int], low: int, high: int) -> bool:
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


def read_blocks(reader, fieldname: str, text) -> LeafPostings | None:
    """Where each block of a term's postings lies, from the block headers alone (nothing decompressed):
    enough for `value_of` to read one document's value; no blocks for inlined postings or another
    codec (value_of then asks Whoosh's matcher)."""
    info = _term_info(reader, fieldname, text)
    if info is None:
        return None
    found = LeafPostings()
    if info is _OTHER or info.is_inlined():
        return found
    offset, length = info.extent()
    if isinstance(length, tuple):
        length = length[0]
    raw = reader._terms._postfile.get(offset, length)
    if raw[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"unexpected postings header for {fieldname}:{text!r}")
    found.blocks.extend((last, start, end) for last, start, end, _ in _blocks(raw, offset))
    return found


def read_positions(reader, fieldname: str, text) -> dict[int, list[int]]:
    """{segment-local docnum: positions of the term} for every live document, decoded block by block."""
    info = _term_info(reader, fieldname, text)
    if info is None:
        return {}
    fmt = reader.schema[fieldname].format
    decode = _positions_decoder(fmt)
    found: dict[int, list[int]] = {}
    if info is _OTHER or info.is_inlined():
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            found[matcher.id()] = matcher.value_as("positions")
            matcher.next()
        return found
    offset, length = info.extent()
    if isinstance(length, tuple):
        length = length[0]
    raw = reader._terms._postfile.get(offset, length)
    for _, _, _, load in _blocks(raw, offset):
        deltas, _, values = load()
        found.update(zip(accumulate(deltas), map(decode, values)))
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


def field_lengths(reader, fieldname: str) -> list[int]:
    """The length (in terms, as Whoosh stores it: one byte, approximated) of `fieldname` per document."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]
    raw = column._dbfile.get(column._basepos, column._count) if column._count else b""
    lengths = [byte_to_length(b) for b in raw]
    return lengths + [0] * (count - len(lengths))
