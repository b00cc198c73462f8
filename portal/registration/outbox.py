"""The outbox: mails that could not go out over SMTP while nobody was there to try again.

A promotion from the waiting list, a cancellation notice or a mail an editor triggered must reach
the person even when the mail server is briefly down. Such a mail is written whole (temporary
name, synced, renamed) as an .eml file into PORTAL_MAIL_OUTBOX_DIR and sent later: by
`flask registrations send-outbox` (cron), before `flask registrations purge`, and in a background
thread after the next mail that did go out (at most once a minute per process). One retry runs at
a time per outbox (an flock on `.lock` there), so competing processes never send a mail twice.
Sign-up mails do not come here: the visitor is still on the page and is asked to try again.
"""
from __future__ import annotations

import email
import email.policy
import fcntl
import logging
import os
import smtplib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from . import mail

log = logging.getLogger(__name__)
RETRY_INTERVAL_SECONDS = 60.0
STALE_DAYS = 7
LOCK_NAME = ".lock"
# The server answered but refused this one mail: keep it and go on with the next. Any other
# failure means the server is unreachable: stop, the rest would only wait for the same timeout.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError, ValueError)

_last_try: dict[str, float] = {}
_throttle = threading.Lock()


@dataclass
class Report:
    """One retry run: how many went out, which files still wait, which of those are stale."""

    sent: int = 0
    remaining: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    busy: bool = False  # another process was sending; nothing was tried


def deliver(message: EmailMessage, smtp_url: str, mail_dir: str, outbox_dir: str) -> bool:
    """Send now, else queue. True: sent (or written to the mail folder); False: waits in the outbox.

    Raises MailError only when the mail could neither be sent nor queued. Without an SMTP server
    mails go to the mail folder as before; if that fails, an outbox on the same disk would not help.
    """
    try:
        mail.send(message, smtp_url, mail_dir)
    except mail.MailError:
        if not smtp_url:
            raise
        queue(message, outbox_dir)
        return False
    after_success(smtp_url, mail_dir, outbox_dir)
    return True


def queue(message: EmailMessage, outbox_dir: str) -> Path:
    try:
        path = mail.write_file(message, Path(outbox_dir), durable=True)
    except OSError as error:
        log.error("mail to %s could not be queued in %s either: %s", message["To"], outbox_dir, error)
        raise mail.MailError(str(error)) from error
    log.warning("mail to %s (%s) queued in the outbox as %s", message["To"], message["Subject"], path)
    return path


def pending(outbox_dir: str | Path) -> list[Path]:
    """The queued mails, oldest first. Temporary files of a write in progress (or one that died) are not mails."""
    try:
        return sorted(Path(entry.path) for entry in os.scandir(outbox_dir) if entry.name.endswith(".eml") and entry.is_file())
    except FileNotFoundError:
        return []


def read(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)  # type: ignore[return-value]


def retry(smtp_url: str, mail_dir: str, outbox_dir: str, stale_days: float = STALE_DAYS, wait: bool = True) -> Report:
    """Send every queued mail; each one sent is removed, the others stay. `wait=False` gives up
    at once when another process is already sending."""
    folder = Path(outbox_dir)
    if not pending(folder):
        return Report()
    with _locked(folder, wait) as got:
        if not got:
            return Report(remaining=pending(folder), busy=True)
        report = Report()
        unreachable = False
        for path in pending(folder):
            if not unreachable:
                try:
                    mail.send(read(path), smtp_url, mail_dir)
                except FileNotFoundError:
                    continue  # removed by hand meanwhile
                except (mail.MailError, ValueError) as error:
                    cause = error.__cause__ if isinstance(error, mail.MailError) else error
                    unreachable = not isinstance(cause, MESSAGE_ERRORS)
                else:
                    path.unlink(missing_ok=True)
                    report.sent += 1
                    continue
            report.remaining.append(path)
    cutoff = time.time() - stale_days * 86400
    report.stale = [p for p in report.remaining if _mtime(p) < cutoff]
    if report.sent:
        log.info("outbox: %d queued mails sent, %d remain", report.sent, len(report.remaining))
    return report


def after_success(smtp_url: str, mail_dir: str, outbox_dir: str, interval: float = RETRY_INTERVAL_SECONDS) -> threading.Thread | None:
    """The mail server just answered: if mails wait, send them in a background thread, at most
    once per `interval` per process and outbox. Never blocks the caller."""
    if not smtp_url or not _has_pending(outbox_dir):
        return None
    key = str(outbox_dir)
    with _throttle:
        moment = time.monotonic()
        if key in _last_try and moment - _last_try[key] < interval:
            return None
        _last_try[key] = moment
    thread = threading.Thread(target=_retry_quietly, args=(smtp_url, mail_dir, outbox_dir), name="mail-outbox", daemon=True)
    thread.start()
    return thread


def _retry_quietly(smtp_url: str, mail_dir: str, outbox_dir: str) -> None:
    try:
        retry(smtp_url, mail_dir, outbox_dir, wait=False)
    except Exception:  # noqa: BLE001 - a background thread has nobody to raise to; the next run tries again
        log.exception("background retry of the mail outbox %s failed", outbox_dir)


def _has_pending(outbox_dir: str) -> bool:
    try:
        with os.scandir(outbox_dir) as entries:
            return any(entry.name.endswith(".eml") for entry in entries)
    except FileNotFoundError:
        return False


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


@contextmanager
def _locked(folder: Path, wait: bool) -> Iterator[bool]:
    """An exclusive flock on the outbox's lock file; the kernel releases it if the process dies."""
    with open(folder / LOCK_NAME, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
