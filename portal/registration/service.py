"""Registration operations with plain arguments (no request), shared by the views, the CLI and tests.

Public operations: `sign_up`, `peek_confirmation`, `confirm` (places left and whether the form is
open: availability.py). Editor operations (the editor UI calls these too): `participants`,
`get_person`, `cancel_registration`, `promote`, `release_all_expired` (deleting
personal data after an event: retention.py).
Every write runs in `places.locked_event`, so nothing here can overbook or promote twice.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..content.records import Event
from ..db import db
from . import intents, places, tokens
from .availability import closed_reason
from .models import EventSlot, Registration
from .places import utc_naive


@dataclass(frozen=True)
class Applicant:
    """What the form collected, already validated."""

    name: str
    email: str
    lang: str
    answers: dict[str, str]
    privacy_version: str
    form_nonce: str


@dataclass(frozen=True)
class Person:
    """A registration as the views, mails and editors see it (a detached snapshot)."""

    id: int
    event_slug: str
    name: str
    email: str
    lang: str
    status: str
    holds_place: bool
    position: int | None
    answers: dict
    cancel_salt: str
    cancel_reason: str | None
    privacy_version: str
    created: datetime
    confirm_expires: datetime | None
    confirmed_at: datetime | None
    cancelled_at: datetime | None


@dataclass
class Outcome:
    """What an operation did. `result` names it; mails go to `person` and everyone `promoted`."""

    result: str
    person: Person | None = None
    token: str | None = None  # a new confirmation token, to be mailed
    promoted: list[Person] = field(default_factory=list)


def snapshot(session: Session, reg: Registration) -> Person:
    return Person(
        id=reg.id, event_slug=reg.event_slug, name=reg.name, email=reg.email, lang=reg.lang,
        status=reg.status, holds_place=reg.holds_place, position=places.waitlist_position(session, reg),
        answers=dict(reg.answers or {}), cancel_salt=reg.cancel_salt, cancel_reason=reg.cancel_reason,
        privacy_version=reg.privacy_version, created=reg.created, confirm_expires=reg.confirm_expires,
        confirmed_at=reg.confirmed_at, cancelled_at=reg.cancelled_at,
    )


# --- reading ---------------------------------------------------------------------------------


def get_person(registration_id: int) -> Person | None:
    reg = db.session.get(Registration, registration_id)
    return snapshot(db.session, reg) if reg is not None else None


def participants(slug: str) -> list[Person]:
    """Everyone registered for an event: confirmed, pending, waiting (in order), cancelled."""
    session = db.session
    rows = session.execute(select(Registration).where(Registration.event_slug == slug)).scalars().all()
    order = {"confirmed": 0, "pending": 1, "waitlisted": 2, "cancelled": 3}
    people = [snapshot(session, reg) for reg in rows]
    return sorted(people, key=lambda p: (order[p.status], p.position or 0, p.created, p.id))


def peek_confirmation(token: str) -> Person | None:
    """The registration a confirmation link belongs to, without changing anything."""
    if not token or len(token) > 100:
        return None
    reg = db.session.execute(
        select(Registration).where(Registration.confirm_token_hash == tokens.token_hash(token))
    ).scalar_one_or_none()
    if reg is None or not tokens.same_hash(token, reg.confirm_token_hash):
        return None
    return snapshot(db.session, reg)


# --- writing ---------------------------------------------------------------------------------


def sign_up(event: Event, applicant: Applicant, now: datetime, hold_hours: float) -> Outcome:
    """Register someone: a held place (or a waiting-list candidacy) until they confirm by mail.

    Results: held, candidate (full, waiting list open), resent (already pending: new link),
    already (confirmed or waiting), replayed (this form was sent before), full, or the
    `closed_reason`.
    """
    aware_now, now = now, utc_naive(now)
    reason = closed_reason(event, aware_now, None)
    if reason:
        return Outcome(reason)
    try:
        with places.locked_event(event, event.slug) as (session, slot):
            promoted = places.sync_slot(session, slot, event, now) + places.release_expired(session, slot, now)
            outcome = _sign_up_locked(session, slot, applicant, now, hold_hours)
            outcome.promoted = [snapshot(session, p) for p in promoted]
            intents.owe(session, now, outcome, "confirm_request" if outcome.token else None)
            return outcome
    except IntegrityError:
        return Outcome("already")


def _sign_up_locked(session: Session, slot: EventSlot, applicant: Applicant, now: datetime, hold_hours: float) -> Outcome:
    existing = session.execute(
        select(Registration).where(
            Registration.event_slug == slot.slug, func.lower(Registration.email) == applicant.email.lower()
        )
    ).scalar_one_or_none()
    if existing is not None and existing.form_nonce == applicant.form_nonce:
        return Outcome("replayed", snapshot(session, existing))
    if existing is not None and existing.status == "pending":
        token = tokens.new_token()
        existing.confirm_token_hash = tokens.token_hash(token)
        return Outcome("resent", snapshot(session, existing), token)
    if existing is not None and existing.status != "cancelled":
        return Outcome("already", snapshot(session, existing))
    if session.execute(select(Registration.id).where(Registration.form_nonce == applicant.form_nonce)).first():
        return Outcome("replayed")
    holds = places.claim_place(session, slot)
    if not holds and not slot.waitlist:
        return Outcome("full")
    token = tokens.new_token()
    reg = existing or Registration(event_slug=slot.slug)
    reg.name, reg.email, reg.lang = applicant.name, applicant.email, applicant.lang
    reg.answers = dict(applicant.answers)
    reg.privacy_version, reg.form_nonce = applicant.privacy_version, applicant.form_nonce
    reg.status, reg.holds_place, reg.queue = "pending", holds, None
    reg.confirm_token_hash = tokens.token_hash(token)
    reg.confirm_expires = places.hold_expiry(now, hold_hours)
    reg.cancel_salt = tokens.new_salt()
    reg.cancel_reason = reg.confirmed_at = reg.cancelled_at = None
    reg.created = now
    session.add(reg)
    session.flush()
    return Outcome("held" if holds else "candidate", snapshot(session, reg), token)


def confirm(token: str, now: datetime, event: Event | None) -> Outcome:
    """Double opt-in: a held place becomes confirmed; otherwise a free place or the waiting list.

    Results: confirmed, waitlisted, full, invalid, used (already confirmed or waiting),
    cancelled, expired, started.
    """
    aware_now, now = now, utc_naive(now)
    found = peek_confirmation(token)
    db.session.rollback()  # end the read transaction before taking the write lock
    if found is None:
        return Outcome("invalid")
    with places.locked_event(event, found.event_slug) as (session, slot):
        reg = session.get(Registration, found.id)
        if reg is None or slot is None or not tokens.same_hash(token, reg.confirm_token_hash):
            return Outcome("invalid")
        promoted = places.release_expired(session, slot, now)
        if event is not None:
            promoted += places.sync_slot(session, slot, event, now)
        outcome = _confirm_locked(session, slot, reg, now, aware_now, event)
        outcome.promoted = [snapshot(session, p) for p in promoted]
        intents.owe(session, now, outcome, outcome.result if outcome.result in ("confirmed", "waitlisted") else None)
        return outcome


def _confirm_locked(session, slot, reg, now, aware_now, event) -> Outcome:
    if reg.status in ("confirmed", "waitlisted"):
        return Outcome("used", snapshot(session, reg))
    if reg.status == "cancelled":
        return Outcome("expired" if reg.cancel_reason == "expired" else "cancelled", snapshot(session, reg))
    if event is None or aware_now >= event.start:
        return Outcome("started", snapshot(session, reg))
    if reg.holds_place or places.claim_place(session, slot):
        reg.status, reg.holds_place, reg.confirmed_at = "confirmed", True, now
    elif slot.waitlist:
        places.join_waitlist(session, reg)
        reg.confirmed_at = now
    else:
        places.cancel(reg, now, "full")
        session.flush()
        return Outcome("full", snapshot(session, reg))
    reg.confirm_expires = None
    session.flush()
    return Outcome(reg.status, snapshot(session, reg))


@contextmanager
def _locked_registration(registration_id: int) -> Iterator[tuple[Session | None, EventSlot | None, Registration | None]]:
    """The registration read again under its event's lock: (session, slot, registration).

    The registration is None when it, or its event's slot, does not exist; the lock is then held
    only when the event was found, and nothing is changed.
    """
    reg = db.session.get(Registration, registration_id)
    db.session.rollback()
    if reg is None:
        yield None, None, None
        return
    with places.locked_event(None, reg.event_slug) as (session, slot):
        reg = session.get(Registration, registration_id)
        if reg is None or slot is None:
            yield session, None, None
        else:
            yield session, slot, reg


def cancel_registration(registration_id: int, now: datetime, reason: str = "self", notice: bool = False) -> Outcome:
    """Cancel (by the person or an editor); a freed place goes to the first person waiting.

    Results: cancelled, already_cancelled, invalid. `notice`: the person is owed a mail about it.
    """
    now = utc_naive(now)
    with _locked_registration(registration_id) as (session, slot, reg):
        if reg is None:
            return Outcome("invalid")
        if reg.status == "cancelled":
            return Outcome("already_cancelled", snapshot(session, reg))
        held = reg.holds_place
        places.cancel(reg, now, reason)
        session.flush()
        promoted = [places.free_place(session, slot, now)] if held else []
        outcome = Outcome("cancelled", snapshot(session, reg), promoted=[snapshot(session, p) for p in promoted if p])
        intents.owe(session, now, outcome, "cancelled" if notice else None)
        return outcome


def promote(registration_id: int, now: datetime) -> Outcome:
    """An editor's hand: give this person a free place, or else the front of the waiting list.

    Pending people are confirmed by it. Results: confirmed, waitlisted (now first), unchanged
    (already confirmed), cancelled, invalid. Capacity is never exceeded.
    """
    now = utc_naive(now)
    with _locked_registration(registration_id) as (session, slot, reg):
        if reg is None:
            return Outcome("invalid")
        if reg.status == "confirmed":
            return Outcome("unchanged", snapshot(session, reg))
        if reg.status == "cancelled":
            return Outcome("cancelled", snapshot(session, reg))
        if reg.holds_place or places.claim_place(session, slot):
            reg.status, reg.holds_place, reg.queue = "confirmed", True, None
        else:
            places.join_waitlist(session, reg, front=True)
        reg.confirmed_at = reg.confirmed_at or now
        reg.confirm_expires = None
        session.flush()
        outcome = Outcome(reg.status, snapshot(session, reg))
        intents.owe(session, now, outcome, "promoted" if reg.status == "confirmed" else None)
        return outcome


def release_all_expired(now: datetime) -> list[Person]:
    """Release unconfirmed holds past their expiry in every event; returns who moved up."""
    now = utc_naive(now)
    slugs = db.session.execute(
        select(Registration.event_slug).where(Registration.status == "pending", Registration.confirm_expires < now).distinct()
    ).scalars().all()
    db.session.rollback()
    promoted: list[Person] = []
    for slug in slugs:
        with places.locked_event(None, slug) as (session, slot):
            if slot is not None:
                moved = [snapshot(session, p) for p in places.release_expired(session, slot, now)]
                intents.owe(session, now, Outcome("promoted", promoted=moved))
                promoted += moved
    return promoted
