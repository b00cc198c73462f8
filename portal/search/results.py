"""What a search is asked and what it answers: plain data, shared by the engine, the views and the API."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"  # relevance | date
    page: int = 1
    per_page: int = 10
    lang: str = "de"  # the visitor's language: its texts rank first and are shown


@dataclass
class Hit:
    key: str
    section: str
    slug: str
    lang: str  # language of the title shown
    title: str
    snippet: Markup
    snippet_lang: str
    date: datetime | None
    score: float
    langs: tuple[str, ...]
    pdf: tuple[str, int] | None = None  # (file, page) when the match is in an attachment
    starts: datetime | None = None  # an event's start
    place: str | None = None  # an event's venue and city


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class SearchResponse:
    request: SearchRequest
    searched: bool = False
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str | None = None
    approximate: bool = False  # a phrase took too long and was searched as all its words
    removals: list[tuple[str, str, int]] = field(default_factory=list)  # (facet, value, total without it)
    relaxed: bool = False  # no item had every word: these have all but one
    corrected_from: str | None = None  # nothing matched what was typed: these are the results for did_you_mean's words
