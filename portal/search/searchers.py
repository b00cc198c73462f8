"""A pool of open searchers that notice new index versions, each with caches that live as long as it.

A searcher is reused across requests (one per concurrently searching thread); before each use
it is checked against the `current` link (a new build) and `up_to_date()` (an update). Opening
one costs ~40 ms and its caches (scored postings, facet sets) are what make repeated words fast.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from .. import lazy
from .analysis import german_stem
from .compounds import Splitter
from .docsets import DocSets
from .index import IndexManager
from .places import names as place_names
from .scores import Scorer
from .spelling import FILE as SPELLING_FILE
from .spelling import Spelling

np = lazy.module("numpy")  # imported on first use: start-up does without it

log = logging.getLogger(__name__)

# Idle searchers kept per process (each holds its own score caches): one per worker thread is enough.
IDLE_SEARCHERS = 4


class IndexMissing(RuntimeError):
    """No index has been built yet (the portal builds one at start)."""


class OpenSearcher:
    """One open searcher with caches that live as long as it does."""

    def __init__(self, path: Path, splitter: Splitter, spelling: Spelling):
        self.path = path
        # Without mmap: whoosh-reloaded wraps each mapped range in BytesIO, which copies it, so every
        # searcher held a private copy of the segment (a worker grew to 2.5 GB at 10,000 documents).
        # Plain file reads go through the OS page cache, shared by all searchers and processes.
        self.index = FileStorage(str(path), supports_mmap=False).open_index()
        self.searcher = self.index.searcher()
        # query words are split against the corpus's nouns and the parts the index holds: a part
        # absent from the index could match nothing, and the web workers never load the lexicon
        self.splitter = Splitter(splitter.vocab, lexicon=IndexedParts(self.searcher))
        self.spelling = spelling
        self.scores = Scorer(self.searcher, path)
        self.docsets = DocSets(self.searcher)
        self.opened = time.time()
        self._ts = None
        self._starts = None
        self._places = None
        future = self.searcher.docs_for_query(wq.NumericRange("ts", int(self.opened) + 1, None))
        column = self.timestamps()
        self.future = {docnum: column[docnum] for docnum in future}

    def timestamps(self):
        if self._ts is None:
            self._ts = self.searcher.reader().column_reader("ts")
        return self._ts

    def event_starts(self) -> dict[int, float]:
        """{docnum: start as a Unix time} of the events (few), read once per searcher."""
        if self._starts is None:
            members = self.docsets.facet("section").get("events", 0)
            docs = np.flatnonzero(self.docsets.mask(members)) if members else []
            column = self.searcher.reader().column_reader("starts") if len(docs) else None
            starts = {}
            for docnum in docs:
                start = column[int(docnum)]
                if start:
                    starts[int(docnum)] = float(start)
            self._starts = starts
        return self._starts

    def place_names(self) -> dict[str, frozenset[str]]:
        """Folded district words -> region keys of the index's `region` facet (places.py)."""
        if self._places is None:
            self._places = place_names(self.docsets.facet("region"))
        return self._places

    def region_set(self, keys) -> int:
        sets = self.docsets.facet("region")
        union = 0
        for key in keys:
            union |= sets.get(key, 0)
        return union

    def hidden(self, now: float) -> list[int]:
        """Documents scheduled for later than `now` (indexed, not yet shown)."""
        return [docnum for docnum, ts in self.future.items() if ts > now]

    def fresh(self, path: Path | None) -> bool:
        return path == self.path and self.searcher.up_to_date()

    def close(self) -> None:
        try:
            self.searcher.close()
            self.index.close()
        except Exception:
            pass


class IndexedParts:
    """`part in IndexedParts(searcher)`: whether the index holds the part's stem, as a compound
    part or as a German word of its own (a part that is in neither could match nothing)."""

    FIELDS = ("parts", "title_de", "summary_de", "body_de", "pdf_de")

    def __init__(self, searcher):
        self.searcher = searcher

    def __contains__(self, part: str) -> bool:
        stem = german_stem(part)
        return any(self.searcher.doc_frequency(name, stem) > 0 for name in self.FIELDS)


class SearcherPool:
    """Open searchers of the current index, handed to one thread at a time."""

    def __init__(self, manager: IndexManager):
        self.manager = manager
        self._idle: list[OpenSearcher] = []
        self._lock = threading.Lock()
        self._splitters: dict[Path, Splitter] = {}
        self._spellings: tuple[tuple | None, Spelling] = (None, Spelling())

    def available(self) -> bool:
        return self.manager.current_path() is not None

    def run(self, work):
        """work(open_searcher) with a fresh searcher; once more if the index vanished under it."""
        state = self._acquire()
        try:
            result = work(state)
        except (OSError, whoosh_index.IndexError) as error:
            # an old build vanished under us: open the current one and try once more
            log.info("search: reopening index after %r", error)
            state.close()
            state = self._acquire()
            result = work(state)
        self._release(state)
        return result

    def _acquire(self) -> OpenSearcher:
        path = self.manager.current_path()
        if path is None:
            raise IndexMissing("no search index yet")
        while True:
            with self._lock:
                state = self._idle.pop() if self._idle else None
            if state is None:
                break
            if state.fresh(path):
                return state
            state.close()
        with self._lock:
            splitter = self._splitters.get(path)
            if splitter is None:
                splitter = self.manager.load_splitter(path)
                self._splitters = {path: splitter}
            spelling = self._spelling(path)
        return OpenSearcher(path, splitter, spelling)

    def _spelling(self, path: Path) -> Spelling:
        """The did-you-mean vocabulary of `path`, read again only when an update rewrote it."""
        try:
            version = (path, (path / SPELLING_FILE).stat().st_mtime_ns)
        except OSError:
            version = (path, 0)
        if self._spellings[0] != version:
            self._spellings = (version, Spelling.load(path))
        return self._spellings[1]

    def _release(self, state: OpenSearcher) -> None:
        with self._lock:
            if len(self._idle) < IDLE_SEARCHERS:
                self._idle.append(state)
                return
        state.close()
