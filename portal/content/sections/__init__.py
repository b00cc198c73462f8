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
