"""Delivering the mail intents a crash left behind (see intents.py): composed from the registration
as it is now, and only while what the mail says is still true (a newer confirmation link, a later
cancellation or the retention purge make it void). Runs in a request context (the mails' links)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..content.store import get_corpus
from ..db import db
from . import intents, mail, notify, outbox, service
from .models import MailIntent
from .places import utc_naive

log = logging.getLogger(__name__)
STATUS = {"promoted": "confirmed", "confirmed": "confirmed", "waitlisted": "waitlisted", "cancelled": "cancelled"}


@dataclass
class Report:
    sent: int = 0
    queued: int = 0  # the mail server did not answer: now in the file outbox
    void: int = 0  # no longer true, or the registration is gone
    remaining: int = 0


def _current(intent: MailIntent) -> service.Person | None:
    """The registration, if the mail still says something true about it."""
    if intent.kind == "confirm_request":
        person = service.peek_confirmation(intent.token or "")
        ok = person is not None and person.id == intent.registration_id and person.status == "pending"
    else:
        person = service.get_person(intent.registration_id)
        ok = person is not None and person.status == STATUS.get(intent.kind)
    db.session.rollback()
    return person if ok else None


def deliver_owed(now: datetime, grace=intents.GRACE) -> Report:
    """Send every intent older than `grace` (younger ones belong to a request still sending them)."""
    now = utc_naive(now)
    owed = db.session.execute(
        select(MailIntent).where(MailIntent.created <= now - grace).order_by(MailIntent.id)
    ).scalars().all()
    db.session.rollback()
    report = Report()
    for intent in owed:
        if not intents.claim(intent.id, now):
            continue  # another runner has it
        person = _current(intent)
        if person is None:
            intents.drop(intent.id)
            report.void += 1
            continue
        bundle = get_corpus().bundle("events", person.event_slug)
        try:
            if bundle is None:
                raise mail.MailError(f"event {person.event_slug} is gone from the content")
            message = notify.compose(intent.kind, person, bundle, intent.token)
            sent = outbox.deliver(message, *notify.mail_config())
        except mail.MailError as error:
            log.error("owed %s mail of registration %s not sent: %s", intent.kind, intent.registration_id, error)
            intents.release(intent.id)
            report.remaining += 1
            continue
        intents.drop(intent.id)
        if sent:
            report.sent += 1
        else:
            report.queued += 1
    if owed:
        log.info("owed mails: %s", report)
    return report
