"""What the endpoint lists: every published study and every remembered deleted one, as entries sorted by
(datestamp, identifier), with the sets each belongs to. Made once per content snapshot and memory state;
a request then only bisects and filters."""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..content.records import Bundle, Study

# setSpec prefix -> (the study's field, the taxonomy's vocabulary)
SET_KINDS = {"kind": "study_kinds", "topic": "topics", "region": "regions"}


@dataclass(frozen=True)
class Entry:
    datestamp: dt.date
    slug: str
    deleted: bool
    sets: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.datestamp.isoformat(), self.slug)


def content_datestamp(study: Study) -> dt.date:
    """The `updated` date, else the publication date (in UTC, the protocol's time zone)."""
    published = study.date.astimezone(dt.timezone.utc).date() if study.date else dt.date(study.year or 1970, 1, 1)
    return max(study.updated, published) if study.updated else published


def set_specs(study: Study) -> tuple[str, ...]:
    specs = [f"kind:{study.kind}"] if study.kind else []
    specs += [f"topic:{t}" for t in study.topics]
    specs += [f"region:{r}" for r in study.regions]
    return tuple(specs)


def in_set(entry: Entry, spec: str) -> bool:
    """Set hierarchy: "topic" holds every "topic:…" set."""
    return any(s == spec or s.startswith(spec + ":") for s in entry.sets)


class Catalog:
    def __init__(self, live: list[Bundle], memory: dict[str, tuple[dt.date, bool, str]]):
        """`memory`: slug -> (datestamp, deleted, sets) as the database remembers them (may be empty)."""
        self.bundles = {b.slug: b for b in live}
        entries = []
        for bundle in live:
            stamp = content_datestamp(bundle.primary)
            remembered = memory.get(bundle.slug)
            if remembered is not None:
                stamp = max(stamp, remembered[0])
            entries.append(Entry(stamp, bundle.slug, False, set_specs(bundle.primary)))
        for slug, (stamp, deleted, sets) in memory.items():
            if deleted and slug not in self.bundles:
                entries.append(Entry(stamp, slug, True, tuple(sets.split())))
        entries.sort(key=lambda e: e.key)
        self.entries = entries
        self.keys = [e.key for e in entries]
        self.by_slug = {e.slug: e for e in entries}
        self._by_set: dict[str, tuple[list[Entry], list[tuple[str, str]]]] = {}
        # what callers derive from a study once per snapshot (the view keeps each record's facts here)
        self.memo: dict = {}

    @cached_property
    def earliest(self) -> dt.date | None:
        return self.entries[0].datestamp if self.entries else None

    def in_set(self, spec: str | None) -> tuple[list[Entry], list[tuple[str, str]]]:
        """The entries of a set (all without one) and their sort keys, found once per set."""
        if not spec:
            return self.entries, self.keys
        found = self._by_set.get(spec)
        if found is None:
            entries = [e for e in self.entries if in_set(e, spec)]
            found = self._by_set[spec] = (entries, [e.key for e in entries])
        return found

    def select(self, spec: str | None, start: dt.date | None, until: dt.date | None,
               after: tuple[str, str] | None = None) -> tuple[int, list[Entry]]:
        """The entries of a set between two days (both inclusive), in datestamp order: how many there
        are in all, and those after the key `after` (where the previous page ended)."""
        entries, keys = self.in_set(spec)
        low = bisect_left(keys, (start.isoformat(), "")) if start else 0
        high = bisect_right(keys, (until.isoformat(), "\uffff")) if until else len(entries)
        first = max(low, bisect_right(keys, after)) if after else low
        return max(0, high - low), entries[first:high]
