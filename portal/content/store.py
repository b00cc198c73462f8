"""One ContentStore per process: the current Corpus, reloaded when the folder changes.

Requests never wait for a reload: at most every PORTAL_CONTENT_RELOAD_SECONDS a request
starts a background check; the new snapshot replaces the old one in a single assignment.
A check looks at every file's size and time, which grows with the corpus (~0.15 s of CPU at
10,000 documents), so checks are also spaced by SCAN_SPACING times the last check's duration:
checks never take more than ~3 % of a process's time, whatever the size of the folder.
`refresh()` reloads synchronously (the CLI, tests); `refresh_bundle()` reads one bundle again
(the editor after a save: it knows which one), without scanning the other 10,000.
After the first load the collector is told to leave what exists alone (`gc.freeze()`): a corpus
of 10,000 documents is ~200,000 objects, and walking them made every full garbage collection a
pause of 0.1-0.4 s in the middle of requests. Later loads reuse the unchanged bundles (still
frozen) and add few objects. Records form no reference cycles, so a replaced corpus is still
freed by reference counting; freezing only at start-up means nothing made later (searchers,
caches) can be kept alive by it.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from .corpus import Corpus
from .loader import Loader

log = logging.getLogger(__name__)

SCAN_SPACING = 30  # a background check waits at least this many times as long as the last one took

# A listener gets the new corpus and the keys ("section/slug") of the bundles that changed, or
# None when any may have (a full reload): it can then do just that part of its work.
Listener = Callable[[Corpus, frozenset[str] | None], None]


class ContentStore:
    def __init__(self, root: Path, reload_seconds: float = 2.0, cache_file: Path | None = None):
        self.root = Path(root)
        self.reload_seconds = reload_seconds
        self._loader = Loader(self.root, cache_file=cache_file)
        self._lock = threading.Lock()
        self._checking = False
        self._last_check = time.monotonic()
        self._scan_seconds = 0.0  # how long the last check of the folder took
        self.corpus: Corpus = self._loader.load()
        gc.freeze()
        self._signature = self._loader.last_signature  # the scan load() made: no second pass over the folder
        self.version = 1
        self._listeners: list[Listener] = []

    def on_change(self, listener: Listener) -> None:
        """Call `listener(corpus, changed)` after every reload that changed something (e.g. the indexer)."""
        self._listeners.append(listener)

    def refresh(self) -> bool:
        """Reload now if any file changed; returns whether the corpus changed."""
        with self._lock:
            started = self._last_check = time.monotonic()
            signature = self._loader.signature()
            self._scan_seconds = time.monotonic() - started
            if signature == self._signature:
                return False
            self.corpus = self._loader.load()
            self._signature = signature
            self.version += 1
            corpus = self.corpus
        self._notify(corpus, None)
        return True

    def refresh_bundle(self, section: str, slug: str) -> bool:
        """Read one bundle again now (after the editor wrote it); returns whether the corpus changed.

        Outside changes to other bundles are left to the next full check, which compares the whole
        folder as before (this bundle's new signature is recorded, so it is not reported twice).
        """
        with self._lock:
            reloaded = self._loader.reload(section, slug)
            if reloaded is None:
                return False
            corpus, whole = reloaded
            self.corpus = corpus
            self._signature = self._loader.last_signature
            self.version += 1
        self._notify(corpus, None if whole else frozenset({f"{section}/{slug}"}))
        return True

    def _notify(self, corpus: Corpus, changed: frozenset[str] | None) -> None:
        for listener in self._listeners:
            try:
                listener(corpus, changed)
            except Exception:  # a listener's failure must not take the site down
                log.exception("content change listener failed")

    def maybe_refresh(self) -> None:
        """Throttled, non-blocking check, called on each request."""
        if self.reload_seconds < 0 or self._checking:
            return
        if time.monotonic() - self._last_check < max(self.reload_seconds, SCAN_SPACING * self._scan_seconds):
            return
        self._checking = True
        self._last_check = time.monotonic()
        threading.Thread(target=self._background_refresh, name="content-reload", daemon=True).start()

    def _background_refresh(self) -> None:
        try:
            self.refresh()
        except Exception:
            log.exception("content reload failed; the previous content keeps being served")
        finally:
            self._checking = False


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


clock = system_clock  # the one source of "now" for visibility and search; tests put their own in


def now() -> datetime:
    """Now (UTC): scheduled items appear when it passes their date."""
    return clock()


def init_app(app) -> None:
    store = ContentStore(
        Path(app.config["PORTAL_CONTENT_DIR"]),
        app.config["PORTAL_CONTENT_RELOAD_SECONDS"],
        cache_file=Path(app.instance_path) / "content-cache.pickle",
    )
    app.extensions["content"] = store
    app.before_request(store.maybe_refresh)


def get_store() -> ContentStore:
    from flask import current_app

    return current_app.extensions["content"]


def get_corpus() -> Corpus:
    return get_store().corpus
