"""What the admins' registration pages show: per-event counts and a participant table (read only).

The writes (cancel, promote) stay in portal.registration.service; this module only gathers numbers and
labels so the views in registrations.py stay thin.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..content.records import Bundle, Event
from ..content.store import get_corpus
from ..db import db
from ..registration import forms as event_forms
from ..registration import availability, service
from ..registration.models import STATUSES, EventSlot, Registration
from ..registration.places import utc_naive
from ..i18n import current_language


@dataclass(frozen=True)
class EventRow:
    """One event with a registration block (or a leftover counter row whose event is gone)."""

    slug: str
    title: str
    start: datetime | None
    capacity: int
    counts: dict[str, int]
    left: int
    closed: str | None  # None: open; else availability.closed_reason(...) or "gone"
    event: Event | None

    @property
    def past(self) -> bool:
        return self.closed in ("started", "gone")


def status_counts() -> dict[str, dict[str, int]]:
    """{slug: {status: n}} for every event in one query."""
    rows = db.session.execute(
        select(Registration.event_slug, Registration.status, func.count()).group_by(Registration.event_slug, Registration.status)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for slug, status, n in rows:
        counts.setdefault(slug, dict.fromkeys(STATUSES, 0))[status] = n
    return counts


def registration_bundle(slug: str) -> Bundle | None:
    bundle = get_corpus().bundle("events", slug)
    return bundle if bundle is not None and bundle.primary.registration is not None else None


def slugs_with_registration() -> set[str]:
    return {b.slug for b in get_corpus().all("events") if b.primary.registration is not None}


def event_row(slug: str, moment: datetime, counts: dict[str, int] | None = None) -> EventRow | None:
    """The numbers of one event; None when neither the content nor the database knows it."""
    counts = counts if counts is not None else status_counts().get(slug, dict.fromkeys(STATUSES, 0))
    bundle = registration_bundle(slug)
    if bundle is None:
        slot = db.session.get(EventSlot, slug)
        if slot is None:
            return None
        return EventRow(slug, slug, None, slot.capacity, counts, max(0, slot.capacity - slot.taken), "gone", None)
    event: Event = bundle.primary
    places = availability.availability(event, moment)
    return EventRow(slug, bundle.text(current_language()).title, event.start, places.capacity, counts, places.left,
                    availability.closed_reason(event, moment, places), event)


def event_rows(moment: datetime) -> tuple[list[EventRow], list[EventRow]]:
    """(upcoming soonest first, past latest first); events gone from the content come last."""
    counts = status_counts()
    empty = dict.fromkeys(STATUSES, 0)
    rows = [event_row(slug, moment, counts.get(slug, empty)) for slug in sorted(slugs_with_registration())]
    gone = db.session.scalars(select(EventSlot.slug)).all()
    known = {r.slug for r in rows if r is not None}
    rows += [event_row(slug, moment, counts.get(slug, empty)) for slug in sorted(set(gone) - known)]
    rows = [r for r in rows if r is not None]
    upcoming = sorted((r for r in rows if not r.past), key=lambda r: utc_naive(r.start))
    past = sorted((r for r in rows if r.past and r.start), key=lambda r: utc_naive(r.start), reverse=True)
    return upcoming, past + [r for r in rows if r.start is None]


def extra_fields(row: EventRow, people: list[service.Person]) -> list[str]:
    """The event's questions in its order, then answers to questions it no longer asks."""
    asked = list(row.event.registration.fields) if row.event is not None else []
    return asked + sorted({k for p in people for k in p.answers} - set(asked))


def field_label(key: str) -> str:
    """The sign-up form's label for an extra question (the same translation), else the key."""
    make = event_forms.EXTRA_FIELDS.get(key)
    return str(make().args[0]) if make is not None else key


def status_names() -> dict[str, str]:
    return {"confirmed": _("confirmed"), "pending": _("awaiting confirmation"), "waitlisted": _("on the waiting list"),
            "cancelled": _("cancelled")}


def group_names() -> dict[str, str]:
    return {"confirmed": _("Participants"), "pending": _("Awaiting confirmation"), "waitlisted": _("Waiting list"),
            "cancelled": _("Cancelled")}


def reason_names() -> dict[str, str]:
    return {"self": _("by the person"), "editor": _("by the office"), "expired": _("not confirmed in time"),
            "full": _("fully booked")}
