"""Frozen records: one per language file of a bundle, validated, ready for views and the indexer.

The record types are made from the section declarations (sections/*.py): one attribute per
declared field, with the kind's type and empty value (or the declared default). Behaviour and
data that do not come from front matter live in records_base.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from datetime import datetime

from .fields import Section
from .records_base import EventBase, IndicatorBase, Item
from .sections import DECLARATIONS
from .values import Attachment, DataRow, Location, Registration

__all__ = ["Attachment", "Bundle", "DataRow", "Event", "EventBase", "Indicator", "IndicatorBase", "Item",
           "LANGUAGES", "Location", "NewsItem", "Page", "PRIMARY_LANGUAGE", "RECORD_TYPES", "Registration",
           "SECTIONS", "Study", "record_type"]

SECTIONS = tuple(DECLARATIONS)
LANGUAGES = ("de", "en")
PRIMARY_LANGUAGE = "de"


def record_type(section: Section, module: str = __name__) -> type[Item]:
    """A frozen dataclass with one attribute per declared field, on the section's base."""
    attributes = []
    for f in section.fields:
        empty = f.empty
        default = field(default_factory=dict, hash=False) if isinstance(empty, dict) else field(default=empty)
        attributes.append((f.name, f.python, default))
    made = make_dataclass(section.record, attributes, bases=(section.base or Item,), frozen=True)
    made.__module__ = module  # pickled by name (the parse cache): portal.content.records.Study, ...
    made.__doc__ = f"A text of {section.name}: the fields its declaration lists."
    made.declaration = section  # a class attribute, not a field: what derived code (search) reads
    return made


RECORD_TYPES: dict[str, type[Item]] = {name: record_type(s) for name, s in DECLARATIONS.items()}
Study = RECORD_TYPES["studies"]
NewsItem = RECORD_TYPES["news"]
Event = RECORD_TYPES["events"]
Indicator = RECORD_TYPES["indicators"]
Page = RECORD_TYPES["pages"]


@dataclass(frozen=True)
class Bundle:
    """One item in all its languages. German is always there; English is optional."""

    section: str
    slug: str
    texts: dict[str, Item] = field(default_factory=dict)

    @property
    def primary(self) -> Item:
        return self.texts[PRIMARY_LANGUAGE]

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages with a real translation (what hreflang may name)."""
        return tuple(lang for lang in LANGUAGES if lang in self.texts)

    def text(self, lang: str) -> Item:
        """The text to show in `lang`: the translation, or the German text as the fallback.

        The one place that decides what a missing translation shows; callers compare
        `text.lang` with the requested language to mark the fallback.
        """
        return self.texts.get(lang) or self.primary

    @property
    def date(self) -> datetime | None:
        return self.primary.date

    def is_visible(self, now: datetime) -> bool:
        """Published: not a draft and not scheduled for later."""
        item = self.primary
        return not item.draft and (item.date is None or item.date <= now)
