"""A writer for full builds: the segment Whoosh's SegmentWriter would write, with less Python per posting.

Whoosh's writer turns a text field into Token objects, puts every posting as a tuple into a
pool that sorts millions of tuples at commit, and then looks up each posting's field length in
the column file it has just written. This writer takes the terms and positions of the text
fields from `WordAnalyzer.occurrences` in one pass and encodes them as Whoosh's formats do,
keeps the postings grouped by term as they arrive (only the terms are sorted at the end),
remembers the field lengths itself and hands each posting list to Whoosh's postings writer
block by block. Every other field goes through Whoosh's own code. The files are the same as
SegmentWriter's (tests compare the two posting by posting), so readers and later incremental
updates need nothing new.
"""
from __future__ import annotations

from array import array
from pathlib import Path

from whoosh import formats
from whoosh.compat import dumps
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.fields import UnknownFieldError
from whoosh.writing import SegmentWriter

from .analysis import WordAnalyzer
from .columns import ColumnsWriter


def _characters(found: dict[bytes, list]):
    """(term, frequency, encoded value) as formats.Characters encodes them."""
    for term, occurrences in found.items():
        deltas = []
        posbase = charbase = 0
        for pos, start, end in occurrences:
            deltas.append((pos - posbase, start - charbase, end - start))
            posbase = pos
            charbase = end
        yield term, len(occurrences), pack_uint(len(deltas)) + dumps(deltas, 2)


def _positions(found: dict[bytes, list]):
    """(term, frequency, encoded value) as formats.Positions encodes them."""
    for term, occurrences in found.items():
        deltas = []
        base = 0
        for pos, _, _ in occurrences:
            deltas.append(pos - base)
            base = pos
        yield term, len(occurrences), pack_uint(len(deltas)) + dumps(deltas, 2)


def _frequency(found: dict[bytes, list]):
    """(term, frequency, encoded value) as formats.Frequency encodes them."""
    for term, occurrences in found.items():
        yield term, len(occurrences), pack_uint(len(occurrences))


# exact format classes only: a subclass may encode differently
_ENCODERS = {formats.Characters: _characters, formats.Positions: _positions, formats.Frequency: _frequency}


def _encoder(field):
    """The fast encoder for a field, or None when Whoosh's own code must index it."""
    if not field.indexed or field.vector or field.separate_spelling():
        return None
    if not isinstance(field.analyzer, WordAnalyzer):
        return None
    return _ENCODERS.get(type(field.format))


class Postings:
    """The postings of a new segment in memory, grouped by field and term in document order."""

    def __init__(self, schema):
        self.schema = schema
        self.encoders = {name: _encoder(field) for name, field in schema.items()}
        self.terms: dict[str, dict[bytes, list[tuple]]] = {}  # field -> term -> [(docnum, weight, value)]
        self.lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> length as the column stores it
        self._last: tuple = (None, None, None)  # (analyzer, text, its occurrences)

    def _occurrences(self, analyzer: WordAnalyzer, value: str) -> dict[bytes, list]:
        """{term: [(position, start, end), ...]}; a text field and its positions field (the same
        string, indexed one after the other) are analysed once."""
        last_analyzer, last_value, found = self._last
        if analyzer != last_analyzer or value != last_value:  # identity first: usually the same objects
            found = analyzer.occurrences(value)
            self._last = (analyzer, value, found)
        return found

    def add(self, docnum: int, name: str, field, value) -> int:
        """Index one indexed field of document `docnum`; its length for the length column."""
        length = 0
        terms = self.terms.setdefault(name, {})
        encoder = self.encoders[name]
        if encoder is not None and isinstance(value, str):
            boost = field.format.field_boost
            for term, freq, vbytes in encoder(self._occurrences(field.analyzer, value)):
                length += freq
                entry = terms.get(term)
                if entry is None:
                    terms[term] = [(docnum, freq if boost == 1.0 else freq * boost, vbytes)]
                else:
                    entry.append((docnum, freq if boost == 1.0 else freq * boost, vbytes))
            if not field.scorable:
                length = 0
        else:
            scorable = field.scorable
            for term, freq, weight, vbytes in field.index(value):
                if scorable:
                    length += freq
                terms.setdefault(term, []).append((docnum, weight, vbytes or emptybytes))
        lengthbyte = length_to_byte(length) if length else 0
        if lengthbyte:
            self.lengths.setdefault(name, {})[docnum] = byte_to_length(lengthbyte)
        return length

    def sorted_terms(self):
        """(field, term, postings, lengths of the field) in the order Whoosh's pool sorts postings."""
        for name in sorted(self.terms):
            lengths = self.lengths.get(name, {})
            for term in sorted(self.terms[name]):
                yield name, term, self.terms[name][term], lengths

    def write(self, fieldwriter, columns: ColumnsWriter | None = None) -> None:
        """Write every posting list through Whoosh's field writer (terms, postings files), and the
        frequent terms of scored fields as columns too."""
        current = None
        for name, term, postings, lengths in self.sorted_terms():
            if name != current:
                if current is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(name, self.schema[name])
                current = name
                scored = columns is not None and self.schema[name].scorable
            fieldwriter.start_term(term)
            writer = fieldwriter._postwriter
            if type(writer) is W3PostingsWriter:
                fill_blocks(writer, postings, lengths)
                if scored and columns.wants(len(postings)):
                    columns.add(writer._startoffset, [p[0] for p in postings], [float(p[1]) for p in postings])
            else:
                for docnum, weight, vbytes in postings:
                    fieldwriter.add(docnum, float(weight), vbytes, lengths.get(docnum, 0))
            fieldwriter.finish_term()
        if current is not None:
            fieldwriter.finish_field()
        self.terms = {}


class BuildWriter(SegmentWriter):
    """Adds documents to one new segment of a fresh index (no deletions, no merging of old segments)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        if self.segments:
            raise ValueError("BuildWriter writes fresh indexes only")
        self.postings = Postings(self.schema)

    def add_reader(self, reader):
        raise NotImplementedError("BuildWriter writes fresh indexes only")

    def delete_document(self, docnum, delete=True):
        raise NotImplementedError("BuildWriter writes fresh indexes only")

    def add_document(self, **fields):
        self._check_state()
        names = checked_names(self.schema, fields)
        docnum = self.docnum
        perdoc = self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = self.postings.add(docnum, name, field, value) if field.indexed else 0
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        columns = self.columns_writer()
        self.postings.write(self.fieldwriter, columns)
        self.fieldwriter.close()
        columns.close()

    def columns_writer(self) -> ColumnsWriter:
        return ColumnsWriter(Path(self.storage.folder), self.newsegment.segment_id())

    def _close_segment(self):
        self.postings.terms = {}
        super()._close_segment()


def checked_names(schema, fields: dict) -> list[str]:
    """The document's field names in Whoosh's order; no boosts or custom stored values."""
    if any(name.startswith("_") for name in fields):
        raise ValueError("the build's writers take no boosts or custom stored values")
    unknown = [name for name in fields if name not in schema]
    if unknown:
        raise UnknownFieldError(f"no field named {unknown[0]!r} in {schema}")
    return sorted(fields)


def fill_blocks(writer: W3PostingsWriter, postings: list[tuple], lengths: dict[int, int]) -> None:
    """Hand a term's postings to Whoosh's postings writer a block at a time.

    What `add_posting` does one posting at a time (block buffers and their statistics), for a
    whole block at once; as there, every full block is written when more postings follow, and
    the last block is left for `finish_postings`. The test against SegmentWriter's files checks
    that the bytes stay the same.
    """
    limit = writer._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            writer._write_block()
        block = postings[start : start + limit]
        weights = [float(weight) for _, weight, _ in block]
        found = [length for length in (lengths.get(docnum, 0) for docnum, _, _ in block) if length]
        writer._ids = array("I", [docnum for docnum, _, _ in block])
        writer._weights = array("f", weights)
        writer._values = [vbytes for _, _, vbytes in block if vbytes]
        heaviest = max(weights)
        writer._maxweight = heaviest if heaviest > 0 else 0
        writer._minlength = min(found) if found else None
        writer._maxlength = max(found) if found else 0
