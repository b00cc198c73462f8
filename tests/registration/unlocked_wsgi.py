"""The control: the same app with the lock taken out, to show that the concurrency test can fail.

Without BEGIN IMMEDIATE (SQLite) or FOR UPDATE (PostgreSQL), and with the place taken by the
usual check-then-act (read `taken`, decide, write `taken + 1` as read) instead of one conditional
UPDATE, concurrent sign-ups read the same count and overbook. The short pause stands for the
work an application does between checking and acting; it only widens the window.
Never used outside the tests.
"""
import time
from contextlib import nullcontext

from sqlalchemy import select, update

from portal import create_app
from portal.registration import places
from portal.registration.models import EventSlot

_ensure_slot = places.ensure_slot


def no_begin(conn) -> None:
    """Plain (deferred) transactions: nothing is locked until the first write."""


def no_lock(session, slug):
    return session.execute(select(EventSlot).where(EventSlot.slug == slug)).scalar_one_or_none()


def ensure_if_missing(session, event) -> None:
    if session.execute(select(EventSlot.slug).where(EventSlot.slug == event.slug)).first() is None:
        _ensure_slot(session, event)


def check_then_act(session, slot) -> bool:
    taken = session.execute(select(EventSlot.taken).where(EventSlot.slug == slot.slug)).scalar_one()
    if taken >= slot.capacity:
        return False
    time.sleep(0.005)
    session.execute(update(EventSlot).where(EventSlot.slug == slot.slug).values(taken=taken + 1))
    return True


places._process_lock = lambda engine: nullcontext()
places.begin = no_begin
places.lock_slot = no_lock
places.ensure_slot = ensure_if_missing
places.claim_place = check_then_act

app = create_app()
