"""Sending mail: over SMTP when PORTAL_SMTP_URL is set, else as .eml files in PORTAL_MAIL_DIR.

`smtp://user:pass@host:port` uses STARTTLS whenever the server offers it; `smtps://` speaks TLS
from the start. Failures raise MailError so callers can tell the visitor to try again, or put the
mail into the outbox (`outbox.py`) when nobody is waiting for the answer.
"""
from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15
# smtplib would otherwise ask DNS for this host's full name on every connection (slow offline)
_LOCAL_NAME = socket.gethostname() or "localhost"


class MailError(Exception):
    """A mail could not be handed over to the mail server or written."""


def send(message: EmailMessage, smtp_url: str, mail_dir: str) -> None:
    try:
        if smtp_url:
            _send_smtp(message, smtp_url)
        else:
            write_file(message, Path(mail_dir))
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail to %s could not be sent: %s", message["To"], error)
        raise MailError(str(error)) from error


def _send_smtp(message: EmailMessage, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise smtplib.SMTPException(f"unsupported mail URL scheme {parts.scheme!r}")
    context = ssl.create_default_context()
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, local_hostname=_LOCAL_NAME, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(host, parts.port or 25, local_hostname=_LOCAL_NAME, timeout=TIMEOUT_SECONDS)
    with client:
        client.ehlo()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)


def write_file(message: EmailMessage, folder: Path, durable: bool = False) -> Path:
    """One .eml file per mail, written whole (temporary name, then renamed): readers see only whole
    files. `durable` syncs it to disk first (the outbox, where the file is the only copy)."""
    folder.mkdir(mode=0o700 if durable else 0o777, parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(message.as_bytes())
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path
