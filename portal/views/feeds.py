"""Atom feeds of news and studies per language, a sitemap and robots.txt.

Drafts and scheduled items never appear: the feeds read the same `visible()` lists as the pages.
"""
from __future__ import annotations

from datetime import datetime, time, timezone

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from ..content.records import LANGUAGES, SECTIONS
from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..templating import item_url

bp = Blueprint("feeds", __name__)
FEED_LENGTH = 30


def absolute(path: str) -> str:
    """An absolute URL: PORTAL_BASE_URL when set (behind a proxy), else the request's host."""
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/") or request.host_url.rstrip("/")
    return base + path


def _atom(section: str, title: str, list_endpoint: str) -> Response:
    lang = current_language()
    bundles = get_corpus().visible(section, now())[:FEED_LENGTH]
    feed = FeedGenerator()
    feed.id(absolute(url_for(list_endpoint)))
    feed.title(f"{title} – BiSMit")
    feed.subtitle(current_app.config["PORTAL_SITE_NAME"])
    feed.language(lang)
    feed.link(href=absolute(url_for(list_endpoint)), rel="alternate")
    feed.link(href=absolute(request.path), rel="self")
    feed.updated(bundles[0].date if bundles else datetime(2024, 1, 1, tzinfo=timezone.utc))
    for bundle in reversed(bundles):  # feedgen prepends: add oldest first
        text = bundle.text(lang)
        entry = feed.add_entry()
        url = absolute(item_url(bundle))
        entry.id(url)
        entry.title(text.title)
        entry.link(href=url)
        entry.summary(text.summary)
        entry.published(bundle.date)
        entry.updated(_updated(text) or bundle.date)
        for author in getattr(text, "authors", ()) or ([text.author] if getattr(text, "author", "") else []):
            entry.author(name=author)
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


def _updated(text):
    return datetime.combine(text.updated, time(), tzinfo=timezone.utc) if text.updated else None


@localized(bp, "news", "/feed.atom")
def news():
    return _atom("news", _("News"), "news.index")


@localized(bp, "studies", "/feed.atom")
def studies():
    return _atom("studies", _("Studies"), "studies.index")


@bp.route("/sitemap.xml")
def sitemap():
    corpus = get_corpus()
    moment = now()
    entries = []
    for lang in LANGUAGES:
        entries.append((absolute(url_for("home.home", lang=lang)), None))
        for section in SECTIONS:
            for bundle in corpus.visible(section, moment):
                if lang in bundle.languages:
                    entries.append((absolute(item_url(bundle, lang=lang)), bundle.primary.updated or bundle.date))
    xml = render_template("sitemap.xml", entries=entries)
    return Response(xml, mimetype="application/xml")


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /editor/", f"Sitemap: {absolute(url_for('feeds.sitemap'))}", ""]
    return Response("\n".join(lines), mimetype="text/plain")
