"""Facets: which values the results have, how many per value, and what removing a filter would give.

Facets combine: a value's count is taken over the results filtered by every *other* facet, so
choosing a type still shows how many results each other type has.
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ..content.sections import search_facets

from .docsets import DocSets, intersect, size
from .results import FacetValue

# facet name (URL parameter) -> index field
# filter name -> index field: the section, the declared facets (topic, region, field), year, language
FACETS = {"type": "section", **{name: name for name in search_facets()}, "year": "year", "language": "langs"}
MAX_VALUES = 20


def read_filters(args: MultiDict, names=FACETS) -> dict[str, list[str]]:
    """Facet values from the query string, de-duplicated and bounded."""
    filters: dict[str, list[str]] = {}
    for name in names:
        values = [v[:100] for v in dict.fromkeys(args.getlist(name)) if v]
        if values:
            filters[name] = values[:MAX_VALUES]
    return filters


def chosen(docsets: DocSets, name: str, values: list[str]) -> int:
    """The documents with any of `values` of facet `name`."""
    sets = docsets.facet(FACETS[name])
    union = 0
    for value in values:
        union |= sets.get(value, 0)
    return union


def counts(docsets: DocSets, matched: int, selected: dict[str, int], filters: dict[str, list[str]]
           ) -> dict[str, list[FacetValue]]:
    """Values per facet with their counts (values without results only while chosen)."""
    out: dict[str, list[FacetValue]] = {}
    for name, fieldname in FACETS.items():
        base = intersect(matched, [s for other, s in selected.items() if other != name])
        picked = set(filters.get(name, []))
        values = []
        for value, docs in docsets.facet(fieldname).items():
            count = size(base & docs)
            if count or value in picked:
                values.append(FacetValue(value, count, value in picked))
        values.sort(key=lambda v: (-int(v.value), 0) if name == "year" and v.value.isascii() and v.value.isdigit() else (-v.count, v.value))
        out[name] = values
    return out


def removals(docsets: DocSets, matched: int, selected: dict[str, int], filters: dict[str, list[str]]
             ) -> list[tuple[str, str, int]]:
    """(facet, value, results without that value) for each chosen value: the way out of zero results."""
    found = []
    for name, values in filters.items():
        for value in values:
            rest = dict(selected)
            if len(values) > 1:
                rest[name] = chosen(docsets, name, [v for v in values if v != value])
            else:
                del rest[name]
            found.append((name, value, size(intersect(matched, rest.values()))))
    return found
