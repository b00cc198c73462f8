"""Mail intents: the mails a registration change owes, written in that change's own transaction.

A crash (kill -9) between the commit and the send must delay a mail, never lose it. So every
operation in service.py records what it owes inside `places.locked_event`; after the commit the
caller sends and calls `done()`. An intent still there `GRACE` later was left by a crash (or a
failed send) and is delivered by `owed.deliver_owed()` (`flask registrations send-outbox`, purge).
A runner claims an intent (one conditional UPDATE) before sending, so two runners never both send it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from . import places
from .models import MailIntent

GRACE = timedelta(minutes=5)  # the request that wrote it sends within this (SMTP timeouts included)
CLAIM_TIMEOUT = timedelta(minutes=10)  # a runner that died while sending: the intent is free again


def record(session: Session, now: datetime, kind: str, registration_id: int, token: str | None = None) -> None:
    session.add(MailIntent(registration_id=registration_id, kind=kind, token=token, created=now))


def owe(session: Session, now: datetime, outcome, kind: str | None = None) -> None:
    """Record the mails of an outcome: one per promoted person, and `kind` for its person."""
    for person in outcome.promoted:
        record(session, now, "promoted", person.id)
    if kind and outcome.person is not None:
        record(session, now, kind, outcome.person.id, outcome.token if kind == "confirm_request" else None)


def done(kind: str, registration_id: int) -> None:
    """The mail went out (or waits in the file outbox): nothing is owed any more."""
    with places.write_transaction() as conn:
        conn.execute(delete(MailIntent).where(MailIntent.registration_id == registration_id, MailIntent.kind == kind))


def claim(intent_id: int, now: datetime) -> bool:
    with places.write_transaction() as conn:
        result = conn.execute(
            update(MailIntent)
            .where(MailIntent.id == intent_id,
                   or_(MailIntent.claimed_at.is_(None), MailIntent.claimed_at < now - CLAIM_TIMEOUT))
            .values(claimed_at=now)
        )
        return result.rowcount == 1


def release(intent_id: int) -> None:
    with places.write_transaction() as conn:
        conn.execute(update(MailIntent).where(MailIntent.id == intent_id).values(claimed_at=None))


def drop(intent_id: int) -> None:
    with places.write_transaction() as conn:
        conn.execute(delete(MailIntent).where(MailIntent.id == intent_id))
