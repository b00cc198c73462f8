"""An immutable snapshot of the content folder and the queries views make of it."""
from __future__ import annotations

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
        # newest first; a parallel list of negated timestamps lets `visible` skip the future by bisection
        self._ordered = {s: _newest_first(b.values()) for s, b in bundles.items()}
        self._keys = {s: [-(b.date or _EPOCH).timestamp() for b in lst] for s, lst in self._ordered.items()}

    def bundle(self, section: str, slug: str) -> Bundle | None:
        """Any bundle, drafts and scheduled ones included (the editor needs them)."""
        return self.bundles.get(section, {}).get(slug)

    def find(self, section: str, slug: str, now: datetime) -> Bundle | None:
        """A bundle a visitor may see, or None."""
        bundle = self.bundle(section, slug)
        return bundle if bundle is not None and bundle.is_visible(now) else None

    def visible(self, section: str, now: datetime) -> list[Bundle]:
        """Published bundles of a section, newest first."""
        ordered = self._ordered.get(section, [])
        start = bisect_left(self._keys.get(section, []), -now.timestamp())
        return [b for b in ordered[start:] if not b.primary.draft]

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

    def menu(self, name: str, now: datetime) -> list[Bundle]:
        pages = [b for b in self.visible("pages", now) if isinstance(b.primary, Page) and b.primary.menu == name]
        return sorted(pages, key=lambda b: (b.primary.weight, b.primary.title))
