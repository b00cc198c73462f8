"""Registration data: one counter row per event and one row per registrant.

The counter row (`EventSlot.taken`) is what makes overbooking impossible: a place is taken
only by a conditional UPDATE of it, inside a transaction that holds the event's write lock.
All times are naive UTC so that SQLite and PostgreSQL compare them the same way.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db

STATUSES = ("pending", "confirmed", "waitlisted", "cancelled")


class EventSlot(db.Model):
    """Places of one event: `capacity` from the content file, `taken` by holds and confirmations."""

    __tablename__ = "registration_events"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    taken: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    waitlist: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    retention_days: Mapped[int] = mapped_column(Integer, nullable=False, default=90)


class Registration(db.Model):
    """One person's sign-up for one event, from pending to confirmed, waitlisted or cancelled."""

    __tablename__ = "registrations"
    __table_args__ = (
        Index("ix_registrations_event_status", "event_slug", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_slug: Mapped[str] = mapped_column(
        String(200), ForeignKey("registration_events.slug", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    lang: Mapped[str] = mapped_column(String(2), nullable=False, default="de")
    answers: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    holds_place: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    queue: Mapped[int | None] = mapped_column(Integer, nullable=True)  # order on the waiting list
    privacy_version: Mapped[str] = mapped_column(String(80), nullable=False)
    form_nonce: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    confirm_expires: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancel_salt: Mapped[str] = mapped_column(String(32), nullable=False)
    cancel_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


# One registration per address and event, whatever the letter case (the database enforces it).
Index("uq_registrations_event_email", Registration.event_slug, func.lower(Registration.email), unique=True)


class MailIntent(db.Model):
    """A mail owed to a registrant, written in the transaction of the change it announces.

    Deleted once the mail went out (or was queued in the file outbox); one left behind by a crash
    between commit and send is delivered by `flask registrations send-outbox`.
    """

    __tablename__ = "mail_intents"
    __table_args__ = (Index("ix_mail_intents_registration", "registration_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("registrations.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    token: Mapped[str | None] = mapped_column(String(100), nullable=True)  # confirm_request: the link's token
    created: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
