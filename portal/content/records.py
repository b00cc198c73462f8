"""Frozen records: one per language file of a bundle, validated, ready for views and the indexer.

A record does not keep its Markdown body in memory: `body` reads it from the file when asked
(the body is most of a corpus's bytes: ~110 MB of 160 MB at 10,000 documents, per worker), and
`html`/`toc`/`plain_text` render it through the one shared renderer (an LRU cache). So start-up
parses front matter only and memory stays bounded however large the corpus.
"""
from __future__ import annotations

import logging
import dataclasses
from dataclasses import dataclass, field
import datetime as dt
from datetime import datetime
from pathlib import Path

from . import frontmatter
from . import markdown as md

log = logging.getLogger(__name__)

SECTIONS = ("studies", "news", "events", "indicators", "pages")
LANGUAGES = ("de", "en")
PRIMARY_LANGUAGE = "de"


@dataclass(frozen=True)
class Item:
    """Fields every section shares (CONTENT.md, 'Fields for every section')."""

    section: str
    slug: str
    lang: str  # the language this text is written in
    title: str
    path: Path  # the index.<lang>.md file
    summary: str = ""
    date: datetime | None = None  # timezone-aware; None only for pages
    updated: dt.date | None = None
    draft: bool = False
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    # the Markdown body when it is not to be read from `path` (an editor's preview, tests)
    inline_body: str | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        """The Markdown source, read from the file on demand.

        Between an edit and the store's next reload the file may hold newer text or be gone:
        the newer body is shown, a vanished or broken file gives an empty body (never a 500).
        """
        if self.inline_body is not None:
            return self.inline_body
        try:
            return frontmatter.split(self.path.read_text(encoding="utf-8"))[1]
        except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError) as exc:
            log.warning("content: cannot read the body of %s: %s", self.path, exc)
            return ""

    @property
    def bundle_dir(self) -> Path:
        return self.path.parent

    @property
    def id(self) -> str:
        """Stable identifier of this text: section/slug/lang."""
        return f"{self.section}/{self.slug}/{self.lang}"

    @property
    def html(self) -> str:
        return md.render(self.body).html

    @property
    def toc(self) -> list[dict]:
        return md.render(self.body).toc

    @property
    def plain_text(self) -> str:
        """The body as plain text, for the search index and feeds."""
        return md.render(self.body).text


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str
    lang: str
    path: Path
    size: int  # bytes

    @property
    def extension(self) -> str:
        return self.path.suffix.lstrip(".").upper()


@dataclass(frozen=True)
class Study(Item):
    authors: tuple[str, ...] = ()
    year: int = 0
    kind: str = ""
    publisher: str = ""  # empty: the institute's name from the configuration
    doi: str = ""
    isbn: str = ""
    urn: str = ""
    files: tuple[Attachment, ...] = ()
    cover: str = ""
    cover_alt: str = ""


@dataclass(frozen=True)
class NewsItem(Item):
    author: str = ""
    image: str = ""
    image_alt: str = ""


@dataclass(frozen=True)
class Location:
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class Registration:
    capacity: int
    opens: datetime | None = None  # None: open now
    closes: datetime | None = None  # None: the event's start
    waitlist: bool = True
    fields: tuple[str, ...] = ()
    retention_days: int = 90


@dataclass(frozen=True)
class Event(Item):
    start: datetime | None = None
    end: datetime | None = None
    format: str = "onsite"  # onsite | online | hybrid
    location: Location | None = None
    online_url: str = ""  # never shown publicly
    series: str = ""
    contact: str = ""
    registration: Registration | None = None

    @property
    def registration_closes(self) -> datetime | None:
        if self.registration is None:
            return None
        return self.registration.closes or self.start


@dataclass(frozen=True)
class DataRow:
    region: str
    year: int
    value: float | None
    note: str = ""
    breakdown: tuple[tuple[str, str], ...] = ()  # further columns, e.g. (("sex", "w"),)


@dataclass(frozen=True)
class Indicator(Item):
    number: str = ""
    field: str = ""
    stage: str = ""
    unit: str = ""
    definition: str = ""
    source: str = ""
    update_cycle: str = ""
    aggregate: str = "none"  # sum | mean | weighted | none
    related: tuple[str, ...] = ()
    sample_data: bool = False
    direction: str = "neutral"  # higher_is_better | lower_is_better | neutral
    decimals: int = 1  # 0-3 places shown
    licence: str | None = None
    weight_by: str | None = None  # indicator slug whose values weight an `aggregate: weighted` mean
    breakdowns: dict = dataclasses.field(default_factory=dict, hash=False, compare=False)  # column -> {de, en, values: {key: {de, en}}}
    # filled by the data reader the indicators package registers (loader.register_bundle_reader)
    data: tuple[DataRow, ...] = ()
    breakdown_columns: tuple[str, ...] = ()

    @property
    def years(self) -> list[int]:
        return sorted({row.year for row in self.data})


@dataclass(frozen=True)
class Page(Item):
    menu: str = ""  # main | footer | ""
    weight: int = 0


RECORD_TYPES: dict[str, type[Item]] = {
    "studies": Study,
    "news": NewsItem,
    "events": Event,
    "indicators": Indicator,
    "pages": Page,
}


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
