"""Registrants' personal data is deleted `retention_days` after their event ended (docs/content.md)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..db import db
from . import places
from .models import EventSlot, Registration
from .places import utc_naive


@dataclass(frozen=True)
class Purged:
    event_slug: str
    registrations: int
    ended: datetime


def purge(now: datetime) -> list[Purged]:
    """Delete registrants' personal data `retention_days` after their event ended."""
    now = utc_naive(now)
    slots = db.session.execute(select(EventSlot)).scalars().all()
    due = [(s.slug, s.ends_at) for s in slots if s.ends_at + timedelta(days=s.retention_days) <= now]
    db.session.rollback()
    report: list[Purged] = []
    for slug, ended in due:
        with places.locked_event(None, slug) as (session, slot):
            if slot is None:
                continue
            count = session.execute(
                select(func.count()).select_from(Registration).where(Registration.event_slug == slug)
            ).scalar_one()
            session.query(Registration).filter(Registration.event_slug == slug).delete(synchronize_session=False)
            session.delete(slot)
        report.append(Purged(slug, count, ended))
    return report
