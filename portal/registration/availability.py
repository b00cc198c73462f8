"""Places left and whether an event's form takes sign-ups now: read-only, for pages and editors."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..content.records import Event
from ..db import db
from .models import EventSlot, Registration
from .places import utc_naive


@dataclass(frozen=True)
class Availability:
    capacity: int
    taken: int
    waiting: int
    waitlist: bool

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.taken)


def availability(event: Event, now: datetime) -> Availability:
    """Places left as a visitor would get them now (holds past their expiry count as free)."""
    now = utc_naive(now)
    session = db.session
    slot = session.get(EventSlot, event.slug)
    capacity = event.registration.capacity
    if slot is None:
        return Availability(capacity, 0, 0, event.registration.waitlist)
    counts = dict(
        session.execute(
            select(Registration.status, func.count())
            .where(Registration.event_slug == event.slug, Registration.status == "waitlisted")
            .group_by(Registration.status)
        ).all()
    )
    stale = session.execute(
        select(func.count()).select_from(Registration).where(
            Registration.event_slug == event.slug, Registration.status == "pending",
            Registration.holds_place.is_(True), Registration.confirm_expires < now,
        )
    ).scalar_one()
    waiting = counts.get("waitlisted", 0)
    taken = slot.taken - max(0, stale - waiting)  # stale holds pass to people waiting first
    return Availability(capacity, taken, waiting, event.registration.waitlist)


def closed_reason(event: Event, now: datetime, places_now: Availability | None) -> str | None:
    """Why the form does not accept sign-ups now: cancelled, not_open, closed, started, full; None if open."""
    registration = event.registration
    if registration is None:
        return "none"
    if event.cancelled:
        return "cancelled"
    if now >= event.start:
        return "started"
    if registration.opens is not None and now < registration.opens:
        return "not_open"
    if now >= event.registration_closes:
        return "closed"
    if places_now is not None and places_now.left == 0 and not registration.waitlist:
        return "full"
    return None
