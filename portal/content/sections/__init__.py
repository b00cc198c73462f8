"""Every section's declaration, in the order the portal lists them."""
from __future__ import annotations

from ..fields import Field, Section
from .events import EVENTS
from .indicators import INDICATORS
from .news import NEWS
from .pages import PAGES
from .studies import STUDIES

DECLARATIONS: dict[str, Section] = {s.name: s for s in (STUDIES, NEWS, EVENTS, INDICATORS, PAGES)}


def declaration(section: str) -> Section:
    return DECLARATIONS[section]


def fields_of(section: str) -> tuple[Field, ...]:
    return DECLARATIONS[section].fields


def search_facets() -> dict[str, Field]:
    """Facet name -> the field it copies (`search="facet:<name>"`), in declaration order: the search
    index's facet columns, the filters and their labels' vocabularies come from here."""
    found: dict[str, Field] = {}
    for section in DECLARATIONS.values():
        for f in section.fields:
            if f.search.startswith("facet:"):
                found.setdefault(f.search[len("facet:"):], f)
    return found
