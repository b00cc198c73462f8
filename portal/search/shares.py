"""One segment from the shares of a build indexed in worker processes.

An index of one segment per worker would cost every query about half as much again (each
term looked up and read in every segment), and Whoosh's own merge of segments re-reads and
re-writes every posting in one process. Instead each worker gives its documents their final
numbers (its share's first number onwards), encodes its posting lists into Whoosh's blocks in a
file of its own, and sends back the per-document values (stored fields, lengths, columns) and
where each list is. This process writes the per-document values and joins each term's lists
byte by byte, in share order: the first share's last block loses its "last block" mark, the
next share's list its header. Block statistics and term statistics stay exact, so readers see
the postings a build in one process writes (tests compare them posting by posting).
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from whoosh.codec.whoosh3 import STORED_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.columns import VarBytesColumn
from whoosh.compat import dumps
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_ushort

from .postings import decode_postings
from .writer import BuildWriter, Postings, fill_blocks, checked_names

_BLOCK_LENGTH = struct.Struct("!i")  # how W3PostingsWriter writes a block's length (negative: the last)
_STORED_LEVEL = STORED_COLUMN._child._level  # stored fields: a pickled dict, deflated at this level


def stored_bytes(stored: dict) -> bytes:
    """A document's stored fields as Whoosh's stored-fields column writes them (in the worker)."""
    return zlib.compress(dumps(stored, 2), _STORED_LEVEL)


@dataclass
class Share:
    records: list[tuple]  # per document: (stored fields as bytes or None, [(field, length, has column, value)])
    lists: list[tuple]  # (field, term, W3TermInfo, offset of the list's last block) in sorted order
    path: str  # the encoded posting lists


class ShareWriter:
    """In a worker: the documents of one share, numbered from `base`, as records and encoded lists."""

    def __init__(self, schema, codec, base: int):
        self.schema = schema
        self.codec = codec
        self.docnum = base
        self.postings = Postings(schema)
        self.records: list[tuple] = []

    def add_document(self, **fields) -> None:
        values, stored = [], {}
        for name in checked_names(self.schema, fields):
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            if field.stored:
                stored[name] = value
            length = self.postings.add(self.docnum, name, field, value) if field.indexed else 0
            column = field.column_type
            values.append((name, length, bool(column), field.to_column_value(value) if column else None))
        self.records.append((stored_bytes(stored) if stored else None, values))
        self.docnum += 1

    def finish(self, path: Path) -> Share:
        """Encode every posting list into `path`, as the segment's field writer would."""
        lists = []
        with open(path, "wb") as handle:
            postfile = StructFile(handle)
            writer = self.codec.postings_writer(postfile)
            for name, term, postings, lengths in self.postings.sorted_terms():
                writer.start_postings(self.schema[name].format, W3TermInfo())
                fill_blocks(writer, postings, lengths)  # leaves the last block for finish_postings
                last = postfile.tell() + (0 if writer._blockcount else len(WHOOSH3_HEADER_MAGIC))
                lists.append((name, term, writer.finish_postings(), last))
            postfile.flush()
        self.postings.terms = {}
        return Share(self.records, lists, str(path))


class JoinWriter(BuildWriter):
    """Writes the shares, in order, as the one new segment of a fresh index."""

    def __init__(self, ix, shares: list[Share], **kwargs):
        super().__init__(ix, **kwargs)
        self.shares = shares
        perdoc = self.perdocwriter
        stored_column = perdoc._get_column("_stored")._child  # takes the bytes stored_bytes made
        for share in shares:
            for stored, values in share.records:
                perdoc.start_doc(self.docnum)
                for name, length, has_column, column_value in values:
                    field = self.schema[name]
                    perdoc.add_field(name, field, None, length)
                    if has_column:
                        perdoc.add_column_value(name, field.column_type, column_value)
                perdoc.finish_doc()
                if stored is not None:
                    VarBytesColumn.Writer.add(stored_column, self.docnum, stored)
                self.docnum += 1
            share.records = []
        self._added = True

    def add_document(self, **fields):
        raise NotImplementedError("JoinWriter writes the documents of its shares")

    def _flush_segment(self):
        self.perdocwriter.close()
        data = [Path(share.path).read_bytes() for share in self.shares]
        pieces: dict[tuple[str, bytes], list] = {}
        for number, share in enumerate(self.shares):
            for name, term, info, last in share.lists:
                pieces.setdefault((name, term), []).append((number, info, last))
        writer = self.fieldwriter
        postfile = writer._postfile
        columns = self.columns_writer()
        current = None
        for name, term in sorted(pieces):
            if name != current:
                if current is not None:
                    writer.finish_field()
                writer.start_field(name, self.schema[name])
                current = name
                scored = self.schema[name].scorable
            parts = pieces[(name, term)]
            start = postfile.tell()
            chunks = []
            for index, (number, info, last) in enumerate(parts):
                offset, length = info.extent()
                chunk = bytearray(data[number][offset : offset + length])
                if index < len(parts) - 1:  # more blocks follow: this one is not the last any more
                    at = last - offset
                    (size,) = _BLOCK_LENGTH.unpack_from(chunk, at)
                    _BLOCK_LENGTH.pack_into(chunk, at, -size)
                if index > 0:  # one header per posting list
                    del chunk[: len(WHOOSH3_HEADER_MAGIC)]
                chunks.append(bytes(chunk))
            joined = b"".join(chunks)
            postfile.write(joined)
            info = _joined([info for _, info, _ in parts])
            info.set_extent(start, postfile.tell() - start)
            writer._tindex.add(pack_ushort(writer._fieldid) + term, info.to_bytes())
            if scored and columns.wants(info.doc_frequency()):
                columns.add(start, *decode_postings(joined))
        if current is not None:
            writer.finish_field()
        writer.close()
        columns.close()


def _joined(infos: list[W3TermInfo]) -> W3TermInfo:
    """The statistics of consecutive parts of one posting list, as W3TermInfo.add_block sums them."""
    joined = W3TermInfo()
    for info in infos:
        joined._weight += info._weight
        joined._df += info._df
        if joined._minlength is None:
            joined._minlength = info._minlength
        elif info._minlength is not None:
            joined._minlength = min(joined._minlength, info._minlength)
        joined._maxlength = max(joined._maxlength, info._maxlength)
        joined._maxweight = max(joined._maxweight, info._maxweight)
        if joined._minid is None:
            joined._minid = info._minid
        joined._maxid = info._maxid
    return joined
