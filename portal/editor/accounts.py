"""Accounts service: plain functions (no request) used by the CLI, the login view and the admin pages."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import and_, case, func, select, update

from ..db import db
from .audit import record
from .models import ROLES, Account, utcnow

MIN_PASSWORD_LENGTH = 12
MAX_FAILURES = 5  # after this many wrong passwords in a row ...
LOCK_MINUTES = 15  # ... the account refuses logins for this long

# argon2id with the library's current recommended parameters; a stored hash made with other
# parameters is replaced at the next successful login (check_needs_rehash).
hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verifying an unknown address costs as much as a real one, so timing does not reveal
    accounts. Made on the first login, not at import: hashing is slow by design (~0.1 s)."""
    return hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A request the accounts service refuses; the message is shown to the user (translated by the caller)."""


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    reason: str = ""  # "" on success, else "invalid" | "throttled" | "disabled"


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise AccountError("not a valid e-mail address") from None


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")


def find(email: str) -> Account | None:
    return db.session.scalar(select(Account).where(func.lower(Account.email) == email.strip().lower()))


def create(email: str, password: str, role: str = "editor", actor: Account | None = None) -> Account:
    if role not in ROLES:
        raise AccountError(f"the role must be one of: {', '.join(ROLES)}")
    address = normalise_email(email)
    if find(address) is not None:
        raise AccountError("an account with this e-mail address exists already")
    check_password_rules(password)
    account = Account(email=address, password_hash=hasher.hash(password), role=role, active=True,
                      session_generation=0, failed_logins=0)
    db.session.add(account)
    db.session.flush()
    record("account.create", actor, target=address, detail=role)
    db.session.commit()
    return account


def set_password(account: Account, password: str, actor: Account | None = None) -> None:
    """A new password also ends every session of the account."""
    check_password_rules(password)
    account.password_hash = hasher.hash(password)
    account.session_generation += 1
    account.failed_logins = 0
    record("account.password", actor, target=account.email)
    db.session.commit()


def set_active(account: Account, active: bool, actor: Account | None = None) -> None:
    account.active = active
    account.session_generation += 1
    record("account.enable" if active else "account.disable", actor, target=account.email)
    db.session.commit()


def set_role(account: Account, role: str, actor: Account | None = None) -> None:
    if role not in ROLES:
        raise AccountError(f"the role must be one of: {', '.join(ROLES)}")
    account.role = role
    record("account.role", actor, target=account.email, detail=role)
    db.session.commit()


def end_sessions(account: Account, actor: Account | None = None) -> None:
    """Log out everywhere: every session cookie issued before now stops working."""
    account.session_generation += 1
    record("logout.everywhere", actor or account, target=account.email)
    db.session.commit()


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:  # SQLite gives naive UTC values back
        return moment.replace(tzinfo=timezone.utc)
    return moment


def is_throttled(account: Account, now: datetime | None = None) -> bool:
    now = now or utcnow()
    last = _aware(account.last_failed_at)
    return account.failed_logins >= MAX_FAILURES and last is not None and now - last < timedelta(minutes=LOCK_MINUTES)


def count_failure(account: Account, now: datetime | None = None) -> None:
    """One atomic UPDATE, so parallel wrong passwords each count (a read-modify-write lost most of
    them: 16 at once ended at 2-3). A lock that has expired starts the count afresh."""
    now = now or utcnow()
    expired = and_(Account.failed_logins >= MAX_FAILURES, Account.last_failed_at < now - timedelta(minutes=LOCK_MINUTES))
    db.session.execute(
        update(Account).where(Account.id == account.id)
        .values(failed_logins=case((expired, 1), else_=Account.failed_logins + 1), last_failed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(account, ["failed_logins", "last_failed_at"])


def authenticate(email: str, password: str) -> LoginResult:
    """Check a login; counts failures, throttles, and rehashes when the hashing parameters changed."""
    account = find(email)
    if account is None:
        try:
            hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        record("login.failed", None, target=email.strip()[:254], detail="unknown address")
        db.session.commit()
        return LoginResult(None, "invalid")
    if is_throttled(account):
        record("login.throttled", account, target=account.email)
        db.session.commit()
        return LoginResult(None, "throttled")
    try:
        hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        count_failure(account)
        record("login.failed", account, target=account.email)
        db.session.commit()
        return LoginResult(None, "invalid")
    if not account.active:
        record("login.refused", account, target=account.email, detail="disabled")
        db.session.commit()
        return LoginResult(None, "disabled")
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    account.failed_logins = 0
    account.last_login_at = utcnow()
    record("login", account, target=account.email)
    db.session.commit()
    return LoginResult(account)


def load(session_id: str) -> Account | None:
    """Flask-Login's user loader: "id:generation"; an outdated generation means logged out."""
    try:
        raw_id, raw_gen = session_id.split(":", 1)
        account = db.session.get(Account, int(raw_id))
        generation = int(raw_gen)
    except (ValueError, TypeError):
        return None
    if account is None or not account.active or account.session_generation != generation:
        return None
    return account
