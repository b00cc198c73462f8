"""OAI-PMH 2.0 for studies: the catalog of what is published (and what was), the memory of deleted studies
in the database, the two metadata formats and the protocol. The blueprint is portal/views/oai.py.

`init_app` keeps the memory in step with the content: after every reload of this process's content store.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask

from ..content.corpus import Corpus
from ..content.store import now
from . import memory
from .catalog import Catalog

log = logging.getLogger(__name__)


class OaiState:
    """This process's catalog, made again when the content or the set of published studies changes
    (a scheduled study's time passing changes the second without a reload)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._key: tuple | None = None  # (the corpus, how many studies were published)
        self._catalog: Catalog | None = None

    def catalog(self, corpus: Corpus) -> Catalog:
        moment = now()
        live = corpus.visible("studies", moment)
        key = (corpus, len(live))
        with self._lock:
            if self._key is None or key[0] is not self._key[0] or key[1] != self._key[1] or self._catalog is None:
                self._catalog = Catalog(live, memory.sync(live, moment))
                self._key = key
            return self._catalog

    def forget(self) -> None:
        with self._lock:
            self._key = None


def get_state(app: Flask) -> OaiState:
    return app.extensions["oai"]


def init_app(app: Flask) -> None:
    state = app.extensions["oai"] = OaiState()

    def changed(corpus: Corpus, keys) -> None:
        if keys is not None and not any(k.startswith("studies/") for k in keys):
            return
        with app.app_context():
            try:
                memory.sync(corpus.visible("studies", now()), now())
            except Exception:  # the next harvest syncs again
                log.exception("oai: could not record the published studies")
            finally:
                from ..db import db

                db.session.remove()
        state.forget()

    app.extensions["content"].on_change(changed)
