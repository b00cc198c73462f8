"""Atom 1.0 and RSS 2.0 feeds of content records, made with `feedgen`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from ..content.records import Item

BERLIN = ZoneInfo("Europe/Berlin")
FORMATS = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


@dataclass(frozen=True)
class Channel:
    title: str
    subtitle: str
    lang: str
    page_url: str  # the list page the feed belongs to
    self_url: str


def updated(item: Item) -> datetime:
    """When an entry last changed: its `updated` day (Berlin midnight) when later than its date."""
    if item.updated:
        revised = datetime.combine(item.updated, time(), tzinfo=BERLIN)
        if item.date is None or revised > item.date:
            return revised
    return item.date


def last_modified(items: list[Item]) -> datetime | None:
    return max((updated(i) for i in items if i.date), default=None)


def build(kind: str, channel: Channel, entries: list[tuple[Item, str]], labels: dict[str, str] | None = None) -> bytes:
    """The feed as bytes; `entries` are (text, absolute URL) pairs, newest first."""
    from feedgen.feed import FeedGenerator  # noqa: PLC0415 - feedgen brings lxml: on the first feed, not at start-up

    feed = FeedGenerator()
    feed.id(channel.page_url)
    feed.title(channel.title)
    feed.subtitle(channel.subtitle)
    feed.description(channel.subtitle)
    feed.language(channel.lang)
    feed.generator("BiSMit")
    feed.link(href=channel.self_url, rel="self")
    feed.link(href=channel.page_url, rel="alternate")  # after "self": RSS's <link> is the last one set
    if kind == "rss":
        feed.load_extension("dc", atom=False, rss=True)
    stamp = last_modified([item for item, _ in entries]) or datetime(2024, 1, 1, tzinfo=BERLIN)
    feed.updated(stamp)
    feed.lastBuildDate(stamp)
    for item, url in reversed(entries):  # feedgen prepends: add the oldest first
        entry = feed.add_entry()
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(item.title)
        entry.link(href=url)
        entry.summary(item.summary or item.title)
        entry.description(item.summary or item.title)
        entry.published(item.date)
        entry.updated(updated(item))
        for name in _authors(item):  # RSS's <author> must be an e-mail address: Dublin Core there
            if kind == "atom":
                entry.author(name=name)
            else:
                entry.dc.dc_creator(name)
        for key in item.topics:
            entry.category(term=key, label=(labels or {}).get(key, key))
    return feed.atom_str(pretty=False) if kind == "atom" else feed.rss_str(pretty=False)


def _authors(item: Item) -> list[str]:
    authors = getattr(item, "authors", ()) or ()
    single = getattr(item, "author", "")
    return list(authors) or ([single] if single else [])
