"""Editor accounts, content revisions and the audit log (SQLAlchemy 2 typed models)."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import db

ROLES = ("editor", "admin")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Account(UserMixin, db.Model):
    __tablename__ = "editor_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="editor")
    active: Mapped[bool] = mapped_column(default=True)
    # bumped by "log out everywhere" and password changes: older sessions stop working
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)  # None: the browser's
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot log in or stay logged in
        return bool(self.active)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str:
        """The session names account and generation, so bumping the generation ends every session."""
        return f"{self.id}:{self.session_generation}"


class Revision(db.Model):
    """The full text of one language file after a save, a restore or an outside change."""

    __tablename__ = "editor_revisions"
    __table_args__ = (Index("ix_editor_revisions_item", "section", "slug", "lang", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section: Mapped[str] = mapped_column(String(32))
    slug: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(5))
    kind: Mapped[str] = mapped_column(String(16))  # save | restore | outside | delete
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("editor_accounts.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    account: Mapped[Account | None] = relationship()


class AuditEntry(db.Model):
    """Who did what, when: logins, saves, uploads, account changes."""

    __tablename__ = "editor_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("editor_accounts.id"), nullable=True)
    email: Mapped[str] = mapped_column(String(254), default="")  # kept when an account is gone
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
