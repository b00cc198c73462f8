"""Admins' registration pages: events with their numbers, participants, CSV, cancel and promote by hand.

Admin role only (issue 5: admins handle accounts and registrations). The writes are the same
service calls and mails as `flask registrations cancel/promote/export`; each is audited.
"""
from __future__ import annotations

import logging
from datetime import datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..content.store import get_corpus, now
from ..db import db
from ..registration import notify, service
from ..registration.export import BERLIN, export_csv
from ..registration.models import STATUSES
from . import audit
from . import registration_overview as overview
from .auth import admin_required, bp

log = logging.getLogger(__name__)
VERBS = ("cancel", "promote")


def _row_or_404(slug: str) -> overview.EventRow:
    row = overview.event_row(slug, now()) if len(slug) <= 200 else None
    if row is None:
        abort(404)
    return row


def _person_or_404(slug: str, registration_id: int) -> service.Person:
    person = service.get_person(registration_id)
    if person is None or person.event_slug != slug:
        abort(404)
    return person


@bp.route("/registrations")
@admin_required
def registrations():
    upcoming, past = overview.event_rows(now())
    return render_template("editor/registrations.html", upcoming=upcoming, past=past, statuses=STATUSES)


@bp.route("/registrations/<slug>")
@admin_required
def registration_event(slug: str):
    row = _row_or_404(slug)
    people = service.participants(slug)
    shown = request.args.get("status", "")
    shown = shown if shown in STATUSES else ""
    return render_template("editor/registrations_event.html", row=row, people=people, shown=shown, statuses=STATUSES,
                           fields=overview.extra_fields(row, people), field_label=overview.field_label,
                           names=overview.status_names(), groups=overview.group_names(), reasons=overview.reason_names())


@bp.route("/registrations/<slug>/export.csv")
@admin_required
def registration_export(slug: str):
    row = _row_or_404(slug)
    delimiter = ";" if request.args.get("delimiter") == "semicolon" else ","
    data = export_csv(slug, tuple(row.event.registration.fields) if row.event else (), delimiter)
    audit.record("registration.export", current_user, target=slug, detail=f"delimiter {delimiter}")
    db.session.commit()
    day = datetime.now(BERLIN).strftime("%Y-%m-%d")
    response = Response(data.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="registrations-{slug}-{day}.csv"'
    response.headers["Cache-Control"] = "no-store"  # personal data: no copies in caches
    return response


@bp.route("/registrations/<slug>/<int:registration_id>/<verb>", methods=["POST"])
@admin_required
def registration_action(slug: str, registration_id: int, verb: str):
    """First POST: a confirmation page (nothing changes). POST with confirm=yes: do it, mail, audit."""
    if verb not in VERBS:
        abort(404)
    row = _row_or_404(slug)
    person = _person_or_404(slug, registration_id)
    if request.form.get("confirm") != "yes":
        waiting = [p for p in service.participants(slug) if p.status == "waitlisted"]
        return render_template("editor/registrations_confirm.html", row=row, person=person, verb=verb,
                               next_waiting=waiting[0] if waiting else None, names=overview.status_names())
    if verb == "cancel":
        _cancel(row, person, notify_person=request.form.get("notify") == "yes")
    else:
        _promote(row, person)
    return redirect(url_for("editor.registration_event", slug=slug), 303)


def _cancel(row: overview.EventRow, person: service.Person, notify_person: bool) -> None:
    outcome = service.cancel_registration(person.id, now(), "editor", notice=notify_person)
    if outcome.result == "invalid":
        abort(404)
    if outcome.result == "already_cancelled":
        flash(_("The registration of %(name)s was already cancelled.", name=person.name), "info")
        return
    promoted = ", ".join(f"{p.id} {p.email}" for p in outcome.promoted)
    audit.record("registration.cancel", current_user, target=f"{row.slug}/{person.id} {person.email}",
                  detail=f"promoted: {promoted}" if promoted else "")
    db.session.commit()
    delivery = _send(row, outcome, "cancelled" if notify_person else None)
    flash(_("The registration of %(name)s is cancelled.", name=person.name), "success")
    for p in outcome.promoted:
        flash(_("%(name)s moved up from the waiting list.", name=p.name), "success")
    _report_mails(delivery)


def _promote(row: overview.EventRow, person: service.Person) -> None:
    outcome = service.promote(person.id, now())
    if outcome.result == "invalid":
        abort(404)
    if outcome.result in ("unchanged", "cancelled"):
        flash(_("%(name)s already has a place.", name=person.name) if outcome.result == "unchanged"
              else _("The registration of %(name)s is cancelled and cannot be promoted.", name=person.name), "error")
        return
    audit.record("registration.promote", current_user, target=f"{row.slug}/{person.id} {person.email}",
                 detail=outcome.result)
    db.session.commit()
    if outcome.result == "confirmed":
        delivery = _send(row, outcome, "promoted")
        flash(_("%(name)s has a place now.", name=person.name), "success")
        _report_mails(delivery)
    else:
        flash(_("No place is free: %(name)s is now first on the waiting list.", name=person.name), "success")


def _report_mails(delivery: notify.Delivery) -> None:
    if delivery.failed:
        flash(ngettext("%(num)d mail could not be sent; the change itself stands. The server log has the details.",
                       "%(num)d mails could not be sent; the change itself stands. The server log has the details.",
                       delivery.failed), "error")
    if delivery.queued:
        flash(ngettext("%(num)d mail could not be sent just now; the change itself stands. The mail waits in the outbox and goes out as soon as the mail server answers again.",
                       "%(num)d mails could not be sent just now; the change itself stands. The mails wait in the outbox and go out as soon as the mail server answers again.",
                       delivery.queued), "info")
    if delivery.sent:
        flash(ngettext("The mail has been sent.", "%(num)d mails have been sent.", delivery.sent), "success")


def _send(row: overview.EventRow, outcome: service.Outcome, kind: str | None) -> notify.Delivery:
    """The mails the CLI sends too; one the server refuses waits in the outbox (the change stands either way)."""
    bundle = get_corpus().bundle("events", row.slug)
    delivery = notify.send_promotions(outcome, bundle)
    if kind and outcome.person is not None:
        delivery.attempt(kind, outcome.person, bundle)
    return delivery
