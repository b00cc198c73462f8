"""The write path: one transaction per event that holds its lock, and the place operations in it.

Every change to an event's registrations happens inside `locked_event()`:
- SQLite: the transaction starts with BEGIN IMMEDIATE, so writers queue (busy timeout) and every
  read inside sees the latest committed state.
- PostgreSQL: the event's counter row is locked with SELECT ... FOR UPDATE.
Inside, a place is taken only by `claim_place()`, one conditional UPDATE of the counter
(`taken < capacity`), so even a bug elsewhere cannot push `taken` past `capacity`.
A freed place goes straight to the first person on the waiting list (`free_place()`), in the
same transaction as the cancellation that freed it: promotion happens exactly once.
"""
from __future__ import annotations

from collections.abc import Iterator
import threading
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..content.records import Event
from ..db import db
from .models import EventSlot, Registration


def utc_naive(moment: datetime) -> datetime:
    """Times are stored as naive UTC (the same on SQLite and PostgreSQL)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def event_end(event: Event) -> datetime:
    return utc_naive(event.end or event.start)


@contextmanager
def locked_event(event: Event | None, slug: str) -> Iterator[tuple[Session, EventSlot | None]]:
    """A write transaction holding the event's lock; commits on success, rolls back on error.

    With an `event` record, the counter row is created or brought in line with the content file
    (capacity, waiting list, end, retention) first; without one, the existing row is locked.
    """
    engine = db.engine
    with _process_lock(engine), engine.connect() as conn:
        begin(conn)
        session = Session(bind=conn, expire_on_commit=False, autoflush=True)
        try:
            slot = lock_slot(session, slug)
            if slot is None and event is not None:
                ensure_slot(session, event)
                slot = lock_slot(session, slug)
            yield session, slot
            session.flush()
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            session.close()


@contextmanager
def write_transaction() -> Iterator:
    """A short write outside any event's lock (the mail intents), queued like the others on SQLite."""
    engine = db.engine
    with _process_lock(engine), engine.connect() as conn:
        begin(conn)
        try:
            yield conn
            conn.commit()
        except BaseException:
            conn.rollback()
            raise


_LOCKS: dict[str, threading.Lock] = {}


def _process_lock(engine):
    """SQLite: threads of one process queue on a Python lock before BEGIN IMMEDIATE.

    SQLite's busy handler polls, so many threads contending at once can starve one past the busy
    timeout; this way only one thread per process waits on the database lock (which still
    orders the processes). PostgreSQL needs no such queue: its row lock waits in order.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    key = str(engine.url)
    if key not in _LOCKS:
        _LOCKS.setdefault(key, threading.Lock())
    return _LOCKS[key]


def begin(conn) -> None:
    """Start the transaction with the write lock (SQLite); PostgreSQL locks the row instead."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def lock_slot(session: Session, slug: str) -> EventSlot | None:
    """The event's counter row, locked for this transaction on PostgreSQL (FOR UPDATE)."""
    return session.execute(select(EventSlot).where(EventSlot.slug == slug).with_for_update()).scalar_one_or_none()


def ensure_slot(session: Session, event: Event) -> None:
    registration = event.registration
    values = {
        "slug": event.slug,
        "capacity": registration.capacity,
        "taken": 0,
        "waitlist": registration.waitlist,
        "ends_at": event_end(event),
        "retention_days": registration.retention_days,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(EventSlot).values(**values).on_conflict_do_nothing(index_elements=["slug"]))


def sync_slot(session: Session, slot: EventSlot, event: Event, now: datetime) -> list[Registration]:
    """Apply changes of the content file; a raised capacity promotes from the waiting list."""
    registration = event.registration
    slot.waitlist = registration.waitlist
    slot.ends_at = event_end(event)
    slot.retention_days = registration.retention_days
    promoted: list[Registration] = []
    if slot.capacity != registration.capacity:
        slot.capacity = registration.capacity
        session.flush()
        while slot.taken < slot.capacity:
            person = first_waitlisted(session, slot.slug)
            if person is None or not claim_place(session, slot):
                break
            _promote(person, now)
            promoted.append(person)
    return promoted


def claim_place(session: Session, slot: EventSlot) -> bool:
    """Take one place with a single conditional UPDATE; False when the event is full."""
    result = session.execute(
        update(EventSlot)
        .where(EventSlot.slug == slot.slug, EventSlot.taken < EventSlot.capacity)
        .values(taken=EventSlot.taken + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(slot, "taken", slot.taken + 1)  # the row is locked: no need to read it back
    return True


def free_place(session: Session, slot: EventSlot, now: datetime) -> Registration | None:
    """Give a freed place to the first person waiting, or return it to the pool."""
    if slot.taken <= slot.capacity:
        person = first_waitlisted(session, slot.slug)
        if person is not None:
            _promote(person, now)
            return person
    session.execute(
        update(EventSlot).where(EventSlot.slug == slot.slug, EventSlot.taken > 0).values(taken=EventSlot.taken - 1)
    )
    session.refresh(slot)
    return None


def first_waitlisted(session: Session, slug: str) -> Registration | None:
    return session.execute(
        select(Registration)
        .where(Registration.event_slug == slug, Registration.status == "waitlisted")
        .order_by(Registration.queue, Registration.id)
        .limit(1)
    ).scalar_one_or_none()


def _promote(person: Registration, now: datetime) -> None:
    person.status = "confirmed"
    person.holds_place = True
    person.queue = None
    person.confirmed_at = now


def join_waitlist(session: Session, person: Registration, front: bool = False) -> None:
    """Put someone at the end (or, by an editor's hand, the front) of the waiting list."""
    column = func.min(Registration.queue) if front else func.max(Registration.queue)
    edge = session.execute(
        select(column).where(Registration.event_slug == person.event_slug, Registration.status == "waitlisted")
    ).scalar()
    person.status = "waitlisted"
    person.holds_place = False
    person.queue = (edge - 1 if front else edge + 1) if edge is not None else 0


def waitlist_position(session: Session, person: Registration) -> int | None:
    if person.status != "waitlisted":
        return None
    ahead = session.execute(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_slug == person.event_slug,
            Registration.status == "waitlisted",
            (Registration.queue < person.queue) | ((Registration.queue == person.queue) & (Registration.id < person.id)),
        )
    ).scalar_one()
    return ahead + 1


def release_expired(session: Session, slot: EventSlot, now: datetime) -> list[Registration]:
    """Unconfirmed sign-ups past their hold lose it; their places go to people waiting."""
    expired = session.execute(
        select(Registration)
        .where(
            Registration.event_slug == slot.slug,
            Registration.status == "pending",
            Registration.confirm_expires < now,
        )
        .order_by(Registration.id)
    ).scalars().all()
    promoted: list[Registration] = []
    for person in expired:
        held = person.holds_place
        cancel(person, now, "expired")
        session.flush()
        if held:
            moved = free_place(session, slot, now)
            if moved is not None:
                promoted.append(moved)
    return promoted


def cancel(person: Registration, now: datetime, reason: str) -> None:
    person.status = "cancelled"
    person.holds_place = False
    person.queue = None
    person.cancel_reason = reason
    person.cancelled_at = now


def hold_expiry(now: datetime, hours: float) -> datetime:
    return now + timedelta(hours=hours)
