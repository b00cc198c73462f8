"""The mails of the registration: composed from text templates in the registrant's language.

Kinds: confirm_request (double opt-in link), confirmed, waitlisted, promoted, cancelled.
Links point to PORTAL_BASE_URL (or the current request's host). Must run inside a request
context; the CLI pushes one for the base URL.
"""
from __future__ import annotations

import logging
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone
from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for
from flask_babel import force_locale

from ..content.records import Bundle
from . import ics, mail, tokens
from .service import Outcome, Person

log = logging.getLogger(__name__)
STATUS_MAILS = {"confirmed": "confirmed", "waitlisted": "waitlisted"}


def external_url(endpoint: str, lang: str, **values) -> str:
    base = current_app.config.get("PORTAL_BASE_URL") or request.host_url
    return base.rstrip("/") + url_for(endpoint, lang=lang, **values)


def cancel_url(person: Person) -> str:
    token = tokens.cancel_token(current_app.config["SECRET_KEY"], person.id, person.cancel_salt)
    return external_url("registration.cancel", person.lang, slug=person.event_slug, token=token)


def compose(kind: str, person: Person, bundle: Bundle, token: str | None = None) -> EmailMessage:
    """One mail of `kind` to `person`, in their language, with the .ics for status mails."""
    lang = person.lang
    event = bundle.text(lang)
    page_url = external_url("events.detail", lang, slug=bundle.slug)
    has_place = kind in ("confirmed", "promoted")
    context = {
        "person": person,
        "event": event,
        "page_url": page_url,
        "online_url": event.online_url if has_place and bundle.primary.format in ("online", "hybrid") else "",
        "site_name": current_app.config["PORTAL_SITE_NAME"],
    }
    if token is not None:
        context["confirm_url"] = external_url("registration.confirm", lang, slug=bundle.slug, token=token)
    if kind in ("confirmed", "waitlisted", "promoted"):
        context["cancel_url"] = cancel_url(person)
    with force_locale(lang):
        text = render_template(f"events/mail/{kind}.{lang}.txt", **context)
    subject, _, body = text.lstrip().partition("\n")
    message = EmailMessage()
    message["Subject"] = subject.removeprefix("Subject:").strip()
    message["From"] = current_app.config["PORTAL_MAIL_SENDER"]
    message["To"] = Address(display_name=person.name, addr_spec=person.email)
    if event.contact:
        message["Reply-To"] = event.contact
    host = urlsplit(page_url).hostname or "localhost"
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=host)
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = lang
    message.set_content(body.strip() + "\n")
    if kind in ("confirmed", "waitlisted", "promoted"):
        data = ics.calendar_bytes(event, page_url, host, include_online_link=has_place)
        name = "veranstaltung.ics" if lang == "de" else "event.ics"
        message.add_attachment(data, maintype="text", subtype="calendar", filename=name)
    return message


def send(kind: str, person: Person, bundle: Bundle, token: str | None = None) -> None:
    """Compose and send; raises mail.MailError when the mail could not go out."""
    config = current_app.config
    mail.send(compose(kind, person, bundle, token), config["PORTAL_SMTP_URL"], config["PORTAL_MAIL_DIR"])


def send_promotions(outcome: Outcome, bundle: Bundle | None) -> int:
    """Tell everyone who moved up; a failed mail is logged, the promotion itself stands."""
    sent = 0
    for person in outcome.promoted:
        if bundle is None:
            log.error("event %s is gone from the content; promotion mail to registration %s not sent", person.event_slug, person.id)
            continue
        try:
            send("promoted", person, bundle)
            sent += 1
        except mail.MailError:
            log.error("promotion mail for registration %s of %s was not sent", person.id, person.event_slug)
    return sent
