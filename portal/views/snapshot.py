"""Answers made once per content snapshot (feeds, calendars, sitemaps), kept with that snapshot.

The cache lives on the Corpus, so a reload drops it. Keys include the public address, which is the
request's host when PORTAL_BASE_URL is unset: a client sending made-up Host headers must not make it
grow without end, so it holds at most MAX_ENTRIES answers and starts afresh when full.
"""
from __future__ import annotations

from collections.abc import Callable

from ..content.store import get_corpus

MAX_ENTRIES = 1024


def kept(key: tuple, make: Callable[[], object]):
    corpus = get_corpus()
    store = corpus.fragments.get("syndication")
    if store is None:
        store = corpus.fragments["syndication"] = {}
    value = store.get(key)
    if value is None:
        if len(store) >= MAX_ENTRIES:
            store.clear()
        value = store[key] = make()
    return value
