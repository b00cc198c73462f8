"""The pages behind the links in mails: confirm (double opt-in) and cancel, each with a button.

A GET only shows what the link would do; the change happens on the POST, so link scanners in
mail systems cannot confirm or cancel by visiting the link.
"""
from __future__ import annotations

from flask import abort, current_app, render_template
from flask_babel import gettext as _

from ..content.store import get_corpus, now
from ..extensions import csrf
from ..formtoken import SessionlessForm
from ..i18n import current_language
from . import mail, notify, service, tokens
from .places import utc_naive
from .routes import bp, route


class ActionForm(SessionlessForm):
    """Only the CSRF token: the link's token in the URL says what to act on."""


def _page(status: int, heading: str, *paragraphs: str, bundle=None, form=None, button: str = "", person=None, cancel_url: str = ""):
    item = bundle.text(current_language()) if bundle is not None else None
    return render_template(
        "events/registration_message.html", heading=heading, paragraphs=[p for p in paragraphs if p],
        bundle=bundle, item=item, form=form, button=button, person=person, cancel_url=cancel_url,
    ), status


def _invalid():
    return _page(404, _("This link is not valid"), _("Please check that you opened the complete link from our mail. Links from older mails stop working when we send a new one."))


def _position_text(person) -> str:
    return _("You are number %(position)s on the waiting list. If a place becomes free, you move up automatically and we will write to you.", position=person.position)


def _mail_note(person, bundle) -> str:
    """Send the place (or waiting list) mail. The confirmation is saved whatever happens to it, so the
    page says so; a mail the server refused waits in the outbox and follows."""
    try:
        if notify.deliver(person.status, person, bundle):
            return _("We have sent you a mail with the details, a calendar entry and a link to cancel.")
        return _("The mail with the details, a calendar entry and a link to cancel could not be sent just now; it will follow as soon as our mail server is reachable again. You do not need to do anything. The link below lets you cancel if you cannot come.")
    except mail.MailError:
        return _("We could not send you the mail with the details just now. Please keep the link below to cancel if you cannot come.")


@route("confirm", ("GET", "POST"))
@csrf.exempt  # ActionForm checks the token itself and answers with a page, not a bare 400
def confirm(slug: str, token: str):
    person = service.peek_confirmation(token)
    if person is None or person.event_slug != slug:
        return _invalid()
    bundle = get_corpus().bundle("events", slug)
    if person.status in ("confirmed", "waitlisted"):
        text = _position_text(person) if person.status == "waitlisted" else _("You have a place at this event.")
        return _page(200, _("You have already confirmed your registration"), text, bundle=bundle)
    if person.status == "cancelled" and person.cancel_reason != "expired":
        return _page(410, _("This registration was cancelled"), _("This registration has been cancelled, so its confirmation link no longer works. To take part after all, please sign up again on the event page."), bundle=bundle)
    if person.status == "cancelled" or (person.confirm_expires and person.confirm_expires < utc_naive(now())):
        return _page(410, _("This link has expired"), _("The registration was not confirmed in time. If places are still available, please sign up again on the event page."), bundle=bundle)
    if bundle is None or now() >= bundle.primary.start:
        return _page(410, _("Registration is closed"), _("This event has already started."), bundle=bundle)
    form = ActionForm()
    if not form.validate_on_submit():
        error = _("The form had expired. Please press the button again.") if form.is_submitted() else ""
        return _page(400 if error else 200, _("Confirm your registration"), error,
                     _("Please confirm that you want to take part. Only then is your registration valid."),
                     bundle=bundle, form=form, button=_("Confirm registration"), person=person)
    outcome = service.confirm(token, now(), bundle.primary)
    notify.send_promotions(outcome, bundle)
    if outcome.result not in ("confirmed", "waitlisted"):
        return _page(409, _("Your registration could not be confirmed"), {
            "full": _("Unfortunately the event is fully booked and has no waiting list."),
            "expired": _("The registration was not confirmed in time. If places are still available, please sign up again on the event page."),
            "started": _("This event has already started."),
            "cancelled": _("This registration has been cancelled, so its confirmation link no longer works. To take part after all, please sign up again on the event page."),
        }.get(outcome.result, _("This registration is no longer active.")), bundle=bundle)
    person = outcome.person
    mailed = _mail_note(person, bundle)
    if person.status == "confirmed":
        return _page(200, _("Your place is confirmed"), _("We look forward to seeing you."), mailed, bundle=bundle, cancel_url=notify.cancel_url(person))
    return _page(200, _("You are on the waiting list"), _position_text(person), mailed, bundle=bundle, cancel_url=notify.cancel_url(person))


@route("cancel", ("GET", "POST"))
@csrf.exempt
def cancel(slug: str, token: str):
    registration_id = tokens.cancel_token_id(token)
    person = service.get_person(registration_id) if registration_id is not None else None
    if person is None or person.event_slug != slug or not tokens.cancel_token_valid(
        current_app.config["SECRET_KEY"], token, person.id, person.cancel_salt
    ):
        return _invalid()
    bundle = get_corpus().bundle("events", slug)
    if person.status == "cancelled":
        return _page(200, _("Your registration is cancelled"), _("There is nothing more to do."), bundle=bundle)
    form = ActionForm()
    if not form.validate_on_submit():
        error = _("The form had expired. Please press the button again.") if form.is_submitted() else ""
        return _page(400 if error else 200, _("Cancel your registration?"), error,
                     _("If you cannot come, please cancel: your place goes to the next person on the waiting list."),
                     bundle=bundle, form=form, button=_("Yes, cancel my registration"), person=person)
    outcome = service.cancel_registration(person.id, now(), "self", notice=bundle is not None)
    if outcome.result == "cancelled" and bundle is not None:
        delivery = notify.send_promotions(outcome, bundle)
        delivery.attempt("cancelled", outcome.person, bundle)  # a refused mail waits in the outbox; the cancellation is done
    return _page(200, _("Your registration is cancelled"), _("Thank you for letting us know."), bundle=bundle)
