"""The frequent terms' postings as plain arrays beside the full build's segment.

A word typed for the first time reads the postings of a dozen fields; decoding Whoosh's blocks
for them (per 128 postings a zlib stream and a pickle of Python ints and floats) was a third of
such a query. So a full build also writes, for each term of a scored field with at least
MIN_POSTINGS postings, its document numbers and weights as little-endian int32 and float32
arrays (the float32 Whoosh keeps weights in) into `postings/<segment id>.data`, and per term the
offset of its Whoosh postings (which names it), where its arrays start and how many postings it
has into `postings/<segment id>.keys.npy`. Reading a term is then one `pread` and two numpy views.

Whoosh's files stay the index; these arrays only repeat what they hold. Segments written by
updates have none and are read from Whoosh's blocks (they are small), and a segment's columns are
opened once per process, so searchers reopened after an edit find them ready.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from .. import lazy

np = lazy.module("numpy")  # imported on first use: start-up does without it


log = logging.getLogger(__name__)

FOLDER = "postings"
MIN_POSTINGS = 128  # rarer terms fit in one of Whoosh's blocks: cheap to decode, not worth a column
OPEN_SEGMENTS = 4  # segments whose columns a process keeps open (the current build and the one before)


class ColumnsWriter:
    """Writes the columns of one new segment while its postings are written."""

    def __init__(self, folder: Path, segment_id: str):
        self.folder = folder / FOLDER
        self.folder.mkdir(exist_ok=True)
        self.segment_id = segment_id
        self.data = open(self.folder / f"{segment_id}.data", "wb")
        self.keys: list[tuple[int, int, int]] = []  # (Whoosh postings offset, data offset, count)
        self.position = 0

    @staticmethod
    def wants(count: int) -> bool:
        """Whether a term with `count` postings gets a column."""
        return count >= MIN_POSTINGS

    def add(self, postings_offset: int, ids, weights) -> None:
        """A term's postings (ascending document numbers and their weights), if frequent enough."""
        count = len(ids)
        if not self.wants(count):
            return
        data = np.asarray(ids, dtype="<i4").tobytes() + np.asarray(weights, dtype="<f4").tobytes()
        self.data.write(data)
        self.keys.append((postings_offset, self.position, count))
        self.position += len(data)

    def close(self) -> None:
        self.data.close()
        keys = np.array(sorted(self.keys), dtype=np.int64).reshape(-1, 3)
        np.save(self.folder / f"{self.segment_id}.keys.npy", keys)


class Columns:
    """The columns of one segment, for reading."""

    def __init__(self, folder: Path, segment_id: str):
        keys = np.load(folder / f"{segment_id}.keys.npy")
        self.offsets = keys[:, 0].copy()
        self.starts = keys[:, 1].tolist()
        self.counts = keys[:, 2].tolist()
        self.path = folder / f"{segment_id}.data"
        self.fd = os.open(self.path, os.O_RDONLY)
        self.damaged = False

    def read(self, postings_offset: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(document numbers, weights) of the term whose Whoosh postings start at `postings_offset`,
        or None when it has no column."""
        at = int(np.searchsorted(self.offsets, postings_offset))
        if at == len(self.offsets) or self.offsets[at] != postings_offset:
            return None
        count = self.counts[at]
        try:
            raw = os.pread(self.fd, count * 8, self.starts[at])
        except OSError as error:
            raw = b""
            log.warning("search: postings columns unreadable (%s); reading Whoosh's blocks", error)
        if len(raw) != count * 8:  # a damaged file: Whoosh's blocks hold the same postings
            if not self.damaged:
                log.warning("search: postings column cut short in %s; reading Whoosh's blocks", self.path)
            self.damaged = True
            return None
        ids = np.frombuffer(raw, dtype="<i4", count=count).astype(np.int64)
        return ids, np.frombuffer(raw, dtype="<f4", count=count, offset=count * 4).astype(np.float64)

    def __del__(self):  # when neither the process's table nor a searcher holds it any more
        fd = getattr(self, "fd", None)
        if fd is not None:
            os.close(fd)


_open: OrderedDict = OrderedDict()  # (folder, segment id) -> Columns or None (the segment has none)
_lock = threading.Lock()


def columns_for(index_folder: Path | None, segment_id: str) -> Columns | None:
    """The columns of a segment of the index in `index_folder`, or None when it has none."""
    if index_folder is None:
        return None
    folder = Path(index_folder) / FOLDER
    key = (str(folder), segment_id)
    with _lock:
        if key in _open:
            _open.move_to_end(key)
            return _open[key]
        try:
            found = Columns(folder, segment_id)
        except FileNotFoundError:
            found = None
        except (OSError, ValueError, IndexError) as error:  # a damaged keys file: Whoosh's blocks are read instead
            log.warning("search: postings columns of %s unreadable (%s)", segment_id, error)
            found = None
        _open[key] = found
        while len(_open) > OPEN_SEGMENTS:
            _open.popitem(last=False)  # its file is closed once no searcher uses it
        return found
