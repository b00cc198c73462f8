"""The audit log: one row per action, written in the same transaction as the action itself."""
from __future__ import annotations

from sqlalchemy import select

from ..db import db
from .models import Account, AuditEntry


def record(action: str, actor: Account | None, target: str = "", detail: str = "") -> None:
    """Add an entry to the session; the caller commits it together with its change."""
    db.session.add(AuditEntry(account_id=actor.id if actor else None, email=actor.email if actor else "",
                              action=action, target=target[:300], detail=detail))


def latest(limit: int = 200, offset: int = 0, action: str = "") -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    return list(db.session.scalars(query.limit(limit).offset(offset)))
