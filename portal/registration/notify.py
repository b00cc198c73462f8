"""The mails of the registration: composed from text templates in the registrant's language.

Kinds: confirm_request (double opt-in link), confirmed, waitlisted, promoted, cancelled.
Links point to PORTAL_BASE_URL, never to the request's Host header (an attacker sends that:
a sign-up with `Host: evil.example` mailed links to evil.example); unset, they point to
http://localhost:5000 (the local run). Must run inside a request context.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError

from ..content.records import Bundle
from ..syndication import calendar
from ..syndication.sequence import sequences_of
from . import intents, mail, outbox, tokens
from .service import Outcome, Person

log = logging.getLogger(__name__)
STATUS_MAILS = {"confirmed": "confirmed", "waitlisted": "waitlisted"}


LOCAL_BASE_URL = "http://localhost:5000"


def external_url(endpoint: str, lang: str, **values) -> str:
    base = current_app.config.get("PORTAL_BASE_URL") or LOCAL_BASE_URL
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
        # the same entry as the event's calendar download: Berlin times, its SEQUENCE, its STATUS
        entry = calendar.Entry(event, page_url, sequences_of(current_app, [bundle])[bundle.slug])
        data = calendar.build(event.title, [entry], host, datetime.now(timezone.utc), online_link=has_place)
        name = "veranstaltung.ics" if lang == "de" else "event.ics"
        # charset: without it mail programs may read the UTF-8 calendar entry as Latin-1 (Umlauts broken)
        message.add_attachment(data, maintype="text", subtype="calendar", filename=name,
                               params={"charset": "utf-8"})
    return message


def mail_config() -> tuple[str, str, str]:
    config = current_app.config
    return config["PORTAL_SMTP_URL"], config["PORTAL_MAIL_DIR"], config["PORTAL_MAIL_OUTBOX_DIR"]


def send(kind: str, person: Person, bundle: Bundle, token: str | None = None) -> None:
    """Compose and send now; raises mail.MailError when the mail could not go out (for the sign-up
    form, where the visitor is still there and is asked to try again)."""
    smtp_url, mail_dir, outbox_dir = mail_config()
    mail.send(compose(kind, person, bundle, token), smtp_url, mail_dir)
    settle(kind, person.id)
    outbox.after_success(smtp_url, mail_dir, outbox_dir)


def deliver(kind: str, person: Person, bundle: Bundle) -> bool:
    """Compose and send, or queue it in the outbox when the mail server does not answer (nobody is
    waiting to try again). True: sent; False: queued. MailError only when it could not even be queued."""
    sent = outbox.deliver(compose(kind, person, bundle), *mail_config())
    settle(kind, person.id)
    return sent


def settle(kind: str, registration_id: int) -> None:
    """The mail is out (or safe in the file outbox): its intent goes. Should that fail, the mail
    is sent once more by the next outbox run, which is better than never."""
    try:
        intents.done(kind, registration_id)
    except SQLAlchemyError:
        log.exception("the %s mail intent of registration %s could not be cleared", kind, registration_id)


@dataclass
class Delivery:
    """What became of a batch of mails: sent now, queued in the outbox, or not sent at all (logged)."""

    sent: int = 0
    queued: int = 0
    failed: int = 0

    def attempt(self, kind: str, person: Person, bundle: Bundle | None) -> None:
        if bundle is None:
            log.error("event %s is gone from the content; %s mail to registration %s not sent", person.event_slug, kind, person.id)
            self.failed += 1
            return
        try:
            if deliver(kind, person, bundle):
                self.sent += 1
            else:
                self.queued += 1
        except mail.MailError:
            log.error("%s mail for registration %s of %s was not sent", kind, person.id, person.event_slug)
            self.failed += 1


def send_promotions(outcome: Outcome, bundle: Bundle | None, delivery: Delivery | None = None) -> Delivery:
    """Tell everyone who moved up; a mail the server refuses waits in the outbox, the promotion stands."""
    delivery = delivery if delivery is not None else Delivery()
    for person in outcome.promoted:
        delivery.attempt("promoted", person, bundle)
    return delivery
