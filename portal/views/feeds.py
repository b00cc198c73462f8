"""Atom and RSS 2.0 feeds of news, studies and events per language, filterable by topic or region.

`/<lang>/<section>/feed.atom` (Atom) and `/<lang>/<section>/feed.xml` (RSS 2.0), with `?topic=` or
`?region=` (keys of taxonomy.yml; an unknown key is a 404). Drafts and scheduled items never appear:
the feeds read the same `visible()` lists as the pages. Each feed is made once per content snapshot
and kept with it; ETag and Last-Modified let readers poll for a 304 that costs almost nothing.
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext as _

from ..content.store import get_corpus, now
from ..i18n import SEGMENTS, current_language
from ..content.records import LANGUAGES
from ..syndication import feed as builder
from ..templating import item_url
from . import filters, snapshot
from .absolute import absolute, base_url

bp = Blueprint("feeds", __name__)
FEED_LENGTH = 30
SECTIONS = ("news", "studies", "events")
FILTERS = ("topic", "region")
KINDS = {"atom": "feed.atom", "rss": "feed.xml"}


def endpoint(section: str, kind: str) -> str:
    """news/studies keep their old Atom endpoints (feeds.news, feeds.studies)."""
    return f"feeds.{section}" if kind == "atom" else f"feeds.{section}_{kind}"


def titles() -> dict[str, str]:
    return {"news": _("News"), "studies": _("Studies"), "events": _("Events")}


def _feed(section: str, kind: str):
    lang = current_language()
    values = filters.chosen(FILTERS)
    corpus = get_corpus()
    visible = corpus.visible(section, now())
    key = ("feed", section, kind, lang, tuple(sorted(values.items())), len(visible), base_url())
    body, etag, modified = snapshot.kept(key, lambda: _render(section, kind, lang, values, visible))
    response = Response(body, mimetype=builder.FORMATS[kind])
    response.set_etag(etag)
    if modified is not None:
        response.last_modified = modified
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)


def _render(section: str, kind: str, lang: str, values: dict, visible: list) -> tuple:
    bundles = [b for b in visible if filters.matches(b, values)] if values else visible
    bundles = bundles[:FEED_LENGTH]
    taxonomy = get_corpus().taxonomy
    heading = titles()[section]
    for name, key in values.items():
        heading += f" · {taxonomy.label(filters.VOCABULARIES[name], key, lang)}"
    list_url = absolute(url_for(f"{section}.index"))
    self_url = absolute(url_for(endpoint(section, kind), **values))
    channel = builder.Channel(f"{heading} – BiSMit", current_app.config["PORTAL_SITE_NAME"], lang, list_url, self_url)
    entries = [(b.text(lang), absolute(item_url(b, lang=lang))) for b in bundles]
    labels = {key: term.label(lang) for key, term in taxonomy.terms("topics").items()}
    body = builder.build(kind, channel, entries, labels)
    modified = builder.last_modified([item for item, _ in entries])
    return body, hashlib.sha256(body).hexdigest()[:24], modified


def _register() -> None:
    for section in SECTIONS:
        for kind, filename in KINDS.items():
            view = (lambda s, k: lambda: _feed(s, k))(section, kind)
            for lang in LANGUAGES:
                bp.add_url_rule(f"/{lang}/{SEGMENTS[section][lang]}/{filename}", endpoint=endpoint(section, kind).split(".")[1],
                                view_func=view, defaults={"lang": lang})


_register()


def feed_links(section: str, **given) -> list[tuple[str, str, str]]:
    """(type, title, URL) of the feeds a page names with <link rel="alternate">: with the filters
    given (a topic's or region's page), else with those of the list page's own URL."""
    taxonomy = get_corpus().taxonomy
    source = given or request.args
    values = {name: value for name in FILTERS
              if (value := source.get(name, "")) and taxonomy.term(filters.VOCABULARIES[name], value)}
    heading = titles()[section]
    for name, key in values.items():
        heading += f" · {taxonomy.label(filters.VOCABULARIES[name], key, current_language())}"
    return [(builder.FORMATS[kind], f"{heading} ({kind.upper() if kind == 'rss' else 'Atom'}) – BiSMit",
             url_for(endpoint(section, kind), **values)) for kind in KINDS]
