"""Which schema.org JSON-LD a page carries, from its endpoint and the record it shows.

The builders live in portal/syndication/jsonld.py; this module only picks records and URLs.
An event's registration is an Offer whose availability is the live place count: the page's own
count when it has one (registration pages read it anyway), else read here; a database that is
down leaves availability out, never a 500.
"""
from __future__ import annotations

import logging

from flask import current_app, url_for
from flask_babel import gettext as _

from ..content.records import Bundle
from ..content.store import get_corpus, now
from ..db import db
from ..registration import availability as places_of
from ..registration.unavailable import DATABASE_ERRORS
from ..syndication import jsonld
from ..templating import item_url, section_heading
from .absolute import absolute

log = logging.getLogger(__name__)
DETAIL = {"studies.detail", "news.detail", "events.detail", "indicators.detail", "pages.detail"}


def organisation() -> dict:
    config = current_app.config
    return jsonld.organization(config["PORTAL_SITE_NAME"], absolute(url_for("home.home")))


def for_page(endpoint: str, context: dict, lang: str) -> list[dict]:
    bundle: Bundle | None = context.get("bundle")
    if endpoint == "home.home":
        return [organisation()]
    if endpoint not in DETAIL or bundle is None:
        return []
    item = bundle.text(lang)
    url = absolute(item_url(bundle, lang=item.lang if item.lang in bundle.languages else None))
    trail = [(_("Home"), absolute(url_for("home.home")))]
    if bundle.section != "pages":
        trail.append((section_heading(bundle.section), absolute(url_for(f"{bundle.section}.index"))))
    trail.append((item.title, url))
    data = _record(bundle, item, url, context)
    return ([data] if data else []) + [jsonld.breadcrumbs(trail)]


def picture_url(bundle: Bundle, item) -> str:
    """The absolute address of the item's own picture file (a study's cover, a news item's or event's
    image), for link previews and structured data; "" when it has none."""
    image = getattr(item, "cover", "") or getattr(item, "image", "")
    return absolute(url_for(f"{bundle.section}.attachment", slug=bundle.slug, filename=image)) if image else ""


def _record(bundle: Bundle, item, url: str, context: dict) -> dict | None:
    publisher = current_app.config["PORTAL_INSTITUTE_NAME"]
    section = bundle.section
    if section == "studies":
        files = [(absolute(url_for("studies.attachment", slug=bundle.slug, filename=f.file)), f.title, f.lang)
                 for f in item.files]
        return jsonld.study(item, url, publisher, files)
    if section == "news":
        return jsonld.news(item, url, publisher, picture_url(bundle, item))
    if section == "events":
        organizer = organisation()
        organizer.pop("@context")
        if item.contact:
            organizer["email"] = item.contact
        return jsonld.event(item, url, organizer, _offer(bundle, url, context), picture_url(bundle, item))
    if section == "indicators":
        taxonomy = get_corpus().taxonomy
        regions = sorted({row.region for row in item.data})
        names = [taxonomy.label("regions", key, item.lang) for key in regions]
        csv = absolute(url_for("indicators.attachment", slug=bundle.slug, filename="data.csv"))
        return jsonld.dataset(item, url, csv, publisher, names, item.title)
    return None


def _offer(bundle: Bundle, url: str, context: dict) -> dict | None:
    event = bundle.primary
    if event.registration is None:
        return None
    if "places" in context:  # the registration page's own count (None: the database is down)
        places = context["places"]
    else:
        try:
            places = places_of.availability(event, now())
        except DATABASE_ERRORS:
            db.session.rollback()
            log.warning("places of %s could not be read for JSON-LD", event.slug)
            places = None
    left = None if places is None else (places.left if places.left > 0 or not places.waitlist else 0)
    return jsonld.offer(url, event.registration.opens, left, event.registration.waitlist, event.cancelled)
