"""Full-text search over the content (Whoosh): build, update, query.

`init_app` binds a SearchService to the app, builds the index in the background when none
exists, and keeps it current when the ContentStore reloads. Writers are serialised across
threads and processes by a lock file; visitors never wait for a writer.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, current_app

from .facets import read_filters
from .engine import FACETS, FacetValue, IndexMissing, SearchRequest, SearchResponse, SearchService
from .index import IndexBusy, IndexManager
from .synonyms import SynonymSource

log = logging.getLogger(__name__)

__all__ = ["FACETS", "read_filters", "FacetValue", "IndexMissing", "SearchRequest", "SearchResponse", "SearchService", "get_search", "init_app"]

UPDATE_LOCK_WAIT = 60.0


def get_search() -> SearchService:
    return current_app.extensions["search"]


def update_index(manager: IndexManager, store, keys: frozenset[str] | None = None,
                 wait: float = UPDATE_LOCK_WAIT) -> None:
    """Bring the index up to date with the store's latest corpus; never raises (logs instead).

    `keys`: the bundles that changed ("section/slug", from the editor's save), or None to compare
    every bundle's hash.
    """
    try:
        with manager.write_lock(timeout=wait):
            if manager.current_path() is None:
                return  # the first build is under way (it runs an update when it ends)
            result = manager.update(store.corpus, keys=keys)
            if result.touched:
                log.info("search: updated index (%d added, %d changed, %d removed)",
                         result.added, result.changed, result.removed)
    except IndexBusy:
        log.warning("search: index busy for %.0f s; this change waits for the next update", wait)
    except Exception:
        log.exception("search: index update failed; the previous index keeps serving")


def build_if_missing(manager: IndexManager, store) -> None:
    """The portal's own first build: only one process does it; the others keep serving."""
    try:
        with manager.write_lock(timeout=0):
            if manager.current_path() is not None:
                return
            manager.build(store.corpus)
            manager.update(store.corpus)  # changes that arrived while building
    except IndexBusy:
        log.info("search: another process is building the index")
    except Exception:
        log.exception("search: building the index failed")


def init_app(app: Flask) -> None:
    manager = IndexManager(Path(app.config["PORTAL_INDEX_DIR"]))
    service = SearchService(manager, phrase_timeout=app.config["PORTAL_SEARCH_PHRASE_TIMEOUT"],
                            synonyms=SynonymSource(Path(app.config["PORTAL_CONTENT_DIR"])))
    app.extensions["search"] = service
    store = app.extensions["content"]
    store.on_change(lambda corpus, changed: update_index(manager, store, changed))
    if app.config["PORTAL_SEARCH_AUTOBUILD"] and manager.current_path() is None:
        thread = threading.Thread(target=build_if_missing, args=(manager, store), name="search-build", daemon=True)
        app.extensions["search_build_thread"] = thread
        thread.start()
    from . import cli

    cli.init_app(app)
