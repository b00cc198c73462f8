"""The sign-up form on the event page and its POST; the page shows places left or why it is closed."""
from __future__ import annotations

import logging

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..content.records import Bundle, Event
from ..content.store import get_corpus, now
from ..db import db, is_down, mark_down
from ..extensions import csrf, limiter
from ..i18n import current_language
from ..rendering import render_item, visible_or_404
from . import availability, forms, mail, notify, service
from .routes import bp, route
from .unavailable import DATABASE_ERRORS, unavailable

log = logging.getLogger(__name__)
PRIVACY_SLUG = "datenschutz"


def privacy_notice() -> tuple[str, str]:
    """Link and version of the privacy notice (its `updated` date, else a hash of its text)."""
    import hashlib

    bundle = get_corpus().find("pages", PRIVACY_SLUG, now())
    url = url_for("pages.detail", slug=PRIVACY_SLUG)
    if bundle is None:
        log.error("the privacy notice (pages/%s) is missing; sign-ups record version 'missing'", PRIVACY_SLUG)
        return url, "missing"
    if bundle.primary.updated:
        return url, f"{PRIVACY_SLUG}@{bundle.primary.updated.isoformat()}"
    digest = hashlib.sha256("\0".join(bundle.texts[k].body for k in sorted(bundle.texts)).encode()).hexdigest()
    return url, f"{PRIVACY_SLUG}#sha256:{digest[:16]}"


def new_form(event: Event) -> forms.BaseRegistrationForm:
    form = forms.form_class(event.registration.fields)(formdata=None)
    form.mail_language.data = current_language()
    form.started.data = forms.start_token(event.slug, privacy_notice()[1])
    return form


def registration_context(bundle: Bundle, form=None, notice: str | None = None) -> dict:
    """What events/detail_registration.html needs; the page still renders when the database is down."""
    event: Event = bundle.primary
    moment = now()
    places = None
    if not is_down():  # the database failed moments ago: show the page at once, without places
        try:
            places = availability.availability(event, moment)
        except DATABASE_ERRORS:
            mark_down()
            try:
                db.session.rollback()
            except DATABASE_ERRORS:
                pass
            log.exception("registration availability of %s could not be read", event.slug)
    reason = availability.closed_reason(event, moment, places) or (None if places is not None else "unavailable")
    return {
        "reg_event": event,
        "places": places,
        "closed": reason,
        "form": form if form is not None else (new_form(event) if reason is None else None),
        "notice": notice,
        "privacy_url": privacy_notice()[0],
    }


def render_page(bundle: Bundle, status: int = 200, form=None, notice: str | None = None):
    event = bundle.primary
    end = event.end or event.start
    context = registration_context(bundle, form, notice)
    return render_item("events/detail_registration.html", bundle, is_past=end < now(), **context), status


def rate_limit() -> str:
    return current_app.config["PORTAL_REGISTRATION_RATE_LIMIT"]


@route("sign_up", ("POST",))
@csrf.exempt  # the form checks its own CSRF token, so an expired one re-shows the filled form
@limiter.limit(rate_limit, methods=["POST"])
def sign_up(slug: str):
    bundle = visible_or_404("events", slug)
    event: Event = bundle.primary
    if event.registration is None:
        abort(404)
    form = forms.form_class(event.registration.fields)()
    if availability.closed_reason(event, now(), None):  # "full" is decided under the lock
        return render_page(bundle, 409)
    if not form.validate():
        if form.csrf_token.errors:
            form.csrf_token.errors = []
            return render_page(bundle, 400, form, "form_expired")
        return render_page(bundle, 400, form)
    if form.website.data:
        return render_page(bundle, 400, form, "honeypot")
    state, signed = forms.check_start(form.started.data, slug)
    if state == "too_fast":
        return render_page(bundle, 400, form, "too_fast")
    if state != "ok":
        form.started.data = forms.start_token(slug, privacy_notice()[1])
        return render_page(bundle, 400, form, "form_expired")
    applicant = service.Applicant(
        name=form.name.data.strip(),
        email=form.email.data.strip(),
        lang=form.mail_language.data if form.mail_language.data in ("de", "en") else current_language(),
        answers={key: (getattr(form, key).data or "").strip() for key in event.registration.fields if hasattr(form, key)},
        privacy_version=signed["p"],
        form_nonce=signed["n"],
    )
    outcome = service.sign_up(event, applicant, now(), current_app.config["PORTAL_REGISTRATION_HOLD_HOURS"])
    notify.send_promotions(outcome, bundle)
    if outcome.result in ("held", "candidate", "resent"):
        try:
            notify.send("confirm_request", outcome.person, bundle, outcome.token)
        except mail.MailError:
            return unavailable("mail")
        if outcome.result == "resent":
            return render_page(bundle, 409, new_form(event), "resent")
        return redirect(url_for("registration.sent", slug=slug, place="held" if outcome.result == "held" else "waitlist"), 303)
    if outcome.result in ("already", "replayed"):
        return render_page(bundle, 409, new_form(event), outcome.result)
    return render_page(bundle, 409)


@route("sent", ("GET",))
def sent(slug: str):
    bundle = visible_or_404("events", slug)
    if bundle.primary.registration is None:
        abort(404)
    hours = current_app.config["PORTAL_REGISTRATION_HOLD_HOURS"]
    return render_template(
        "events/registration_sent.html", bundle=bundle, item=bundle.text(current_language()),
        held=request.args.get("place") == "held", hours=hours,
    )
