"""iCalendar downloads and subscriptions of events.

- `/<lang>/<events>/<slug>/event.ics`: one event ("add to calendar"), any visible event.
- `/<lang>/<events>/calendar.ics`: a calendar to subscribe to (also as webcal://): the events that
  have not ended, and those of the last PAST_DAYS days (so a subscriber's calendar keeps what was
  just attended); cancelled ones stay in with STATUS:CANCELLED, so calendars show the cancellation.
  `?series=`, `?topic=`, `?region=` narrow it (taxonomy keys; an unknown key is a 404).
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import Blueprint, Response, current_app, request, url_for
from flask_babel import gettext as _

from ..content.store import get_corpus, now
from ..i18n import current_language, localized
from ..rendering import visible_or_404
from ..syndication import calendar as builder
from ..syndication.sequence import sequences_of
from ..templating import item_url
from . import filters, snapshot
from .absolute import absolute, base_url, host

bp = Blueprint("calendars", __name__)
FILTERS = ("series", "topic", "region")
PAST_DAYS = 90
LONGEST = timedelta(days=60)  # the longest event (start to end) a subscription still finds after its start
MIMETYPE = "text/calendar"


def _entries(bundles, lang: str) -> list[builder.Entry]:
    numbers = sequences_of(current_app, bundles)
    return [builder.Entry(b.text(lang), absolute(item_url(b, lang=lang)), numbers[b.slug]) for b in bundles]


def _answer(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype=MIMETYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(hashlib.sha256(body).hexdigest()[:24])
    response.cache_control.public = True
    response.cache_control.max_age = 900
    return response.make_conditional(request)


@localized(bp, "events", "/<slug>/event.ics")
def event(slug: str):
    bundle = visible_or_404("events", slug)
    lang = current_language()
    text = bundle.text(lang)
    body = builder.build(text.title, _entries([bundle], lang), host(), now())
    return _answer(body, f"{slug}.ics")


@localized(bp, "events", "/calendar.ics")
def subscription():
    values = filters.chosen(FILTERS)
    lang = current_language()
    corpus = get_corpus()
    moment = now()
    since = moment - timedelta(days=PAST_DAYS)
    # by start (a bisection), then by end: events longer than LONGEST are not looked for
    events = [b for b in corpus.upcoming_events(since - LONGEST) if (b.primary.end or b.primary.start) >= since]
    key = ("calendar", lang, tuple(sorted(values.items())), tuple(b.slug for b in events), base_url())
    body = snapshot.kept(key, lambda: _subscription(events, values, lang, moment))
    return _answer(body, "bismit.ics")


def _subscription(events, values: dict[str, str], lang: str, moment) -> bytes:
    chosen = sorted((b for b in events if filters.matches(b, values)), key=lambda b: b.primary.start)
    return builder.build(calendar_name(values, lang), _entries(chosen, lang), host(), moment,
                         url=absolute(url_for("calendars.subscription", **values)),
                         description=current_app.config["PORTAL_SITE_NAME"])


def calendar_name(values: dict[str, str], lang: str) -> str:
    taxonomy = get_corpus().taxonomy
    parts = [taxonomy.label(filters.VOCABULARIES[name], key, lang) for name, key in values.items()]
    return " · ".join([_("BiSMit events"), *parts])


def subscription_links(**values) -> dict[str, str]:
    """The https URL of a calendar and the same as webcal:// (calendar apps subscribe on a click)."""
    https = absolute(url_for("calendars.subscription", **{k: v for k, v in values.items() if v}))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
