"""An immutable snapshot of the content folder and the queries views make of it."""
from __future__ import annotations

import threading
import weakref
from bisect import bisect_left
from collections import defaultdict
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from .problems import Problem
from .records import SECTIONS, Bundle, Page
from .taxonomy import Taxonomy

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _newest_first(bundles) -> list[Bundle]:
    return sorted(bundles, key=lambda b: (b.date or _EPOCH, b.slug), reverse=True)


class Corpus:
    def __init__(self, root: Path, taxonomy: Taxonomy, bundles: dict[str, dict[str, Bundle]], problems: list[Problem]):
        self.root = root
        self.taxonomy = taxonomy
        self.bundles = bundles
        self.problems = sorted(set(problems), key=Problem.sort_key)
        # newest first; a parallel list of negated timestamps lets `visible` skip the future by bisection.
        # Drafts never become visible, so they are left out once here rather than on every request:
        # `visible` is then a C-level slice, which keeps list and home pages fast at 10,000 items.
        self._ordered = {s: _newest_first(b.values()) for s, b in bundles.items()}
        self._published = {s: [b for b in lst if not b.primary.draft] for s, lst in self._ordered.items()}
        self._keys = {s: [-(b.date or _EPOCH).timestamp() for b in lst] for s, lst in self._published.items()}
        events = sorted((b for b in self._published.get("events", []) if b.primary.start), key=lambda b: b.primary.start)
        self._events_by_start = events
        self._event_starts = [b.primary.start.timestamp() for b in events]
        self._study_years: dict[int, list[int]] = {}
        # rendered parts of the layout that depend only on this snapshot (templating.layout_fragment)
        self.fragments: dict[tuple, str] = {}

    def bundle(self, section: str, slug: str) -> Bundle | None:
        """Any bundle, drafts and scheduled ones included (the editor needs them)."""
        return self.bundles.get(section, {}).get(slug)

    def find(self, section: str, slug: str, now: datetime) -> Bundle | None:
        """A bundle a visitor may see, or None."""
        bundle = self.bundle(section, slug)
        return bundle if bundle is not None and bundle.is_visible(now) else None

    def visible(self, section: str, now: datetime) -> list[Bundle]:
        """Published bundles of a section, newest first."""
        start = bisect_left(self._keys.get(section, []), -now.timestamp())
        return self._published.get(section, [])[start:]

    def study_years(self, now: datetime) -> list[int]:
        """The `year`s of the visible studies, newest first (for the list's filter), memoised per cut-off."""
        start = bisect_left(self._keys.get("studies", []), -now.timestamp())
        years = self._study_years.get(start)
        if years is None:
            years = sorted({b.primary.year for b in self._published.get("studies", [])[start:]}, reverse=True)
            self._study_years[start] = years
        return years

    def upcoming_events(self, now: datetime) -> list[Bundle]:
        """Published events that start at or after `now`, soonest first."""
        start = bisect_left(self._event_starts, now.timestamp())
        return [b for b in self._events_by_start[start:] if b.is_visible(now)]

    def all(self, section: str) -> list[Bundle]:
        return self._ordered.get(section, [])

    def count(self) -> int:
        return sum(len(b) for b in self.bundles.values())

    @cached_property
    def _tags(self) -> dict[tuple[str, str], list[Bundle]]:
        tags: dict[tuple[str, str], list[Bundle]] = defaultdict(list)
        for section in SECTIONS:
            for bundle in self._ordered[section]:
                item = bundle.primary
                for topic in item.topics:
                    tags[("topics", topic)].append(bundle)
                for region in item.regions:
                    tags[("regions", region)].append(bundle)
        return {key: _newest_first(value) for key, value in tags.items()}

    def tagged(self, vocabulary: str, key: str, now: datetime) -> list[Bundle]:
        """Published bundles of every section tagged with a topic or region, newest first."""
        return [b for b in self._tags.get((vocabulary, key), []) if b.is_visible(now)]

    @cached_property
    def aliases(self) -> dict[str, Bundle]:
        """Old URL path -> bundle, for permanent redirects."""
        found: dict[str, Bundle] = {}
        for section in SECTIONS:
            for bundle in self._ordered[section]:
                for text in bundle.texts.values():
                    for alias in text.aliases:
                        found.setdefault(alias.rstrip("/") or "/", bundle)
        return found

    @cached_property
    def _menus(self) -> dict[str, list[Bundle]]:
        """Pages per menu, in menu order, found once per snapshot (every page view draws two menus)."""
        menus: dict[str, list[Bundle]] = defaultdict(list)
        for bundle in self._published.get("pages", []):
            if isinstance(bundle.primary, Page) and bundle.primary.menu:
                menus[bundle.primary.menu].append(bundle)
        return {name: sorted(pages, key=lambda b: (b.primary.weight, b.primary.title)) for name, pages in menus.items()}

    def menu(self, name: str, now: datetime) -> list[Bundle]:
        return [b for b in self._menus.get(name, []) if b.is_visible(now)]


class PerCorpus:
    """One derived value per content snapshot (a catalogue, a look-up table): made once under a lock
    by the first request that asks, and dropped with its snapshot."""

    def __init__(self, make):
        self._make = make
        self._lock = threading.Lock()
        self._made: "weakref.WeakKeyDictionary[Corpus, object]" = weakref.WeakKeyDictionary()

    def __call__(self, corpus: Corpus):
        found = self._made.get(corpus)
        if found is None:
            with self._lock:
                found = self._made.get(corpus)
                if found is None:
                    found = self._made[corpus] = self._make(corpus)
        return found
