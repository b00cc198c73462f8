"""`flask registrations ...`: the editors' command-line path (list, export, cancel, promote, purge, send-outbox)."""
from __future__ import annotations

import sys
from datetime import datetime, timezone

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..content.store import get_corpus, now
from . import notify, outbox, owed, retention, service
from .export import export_csv, local

group = AppGroup("registrations", help="Event registrations: participants, CSV export, cancel, promote, purge, mail outbox.")


def _request_context():
    """Mails need links: build them against PORTAL_BASE_URL (or localhost)."""
    base = current_app.config.get("PORTAL_BASE_URL") or notify.LOCAL_BASE_URL
    return current_app.test_request_context("/", base_url=base)


def _fields(slug: str) -> tuple[str, ...]:
    bundle = get_corpus().bundle("events", slug)
    registration = bundle.primary.registration if bundle is not None else None
    return registration.fields if registration is not None else ()


@group.command("list")
@click.argument("slug")
def list_command(slug: str) -> None:
    """Participants and waiting list of an event."""
    people = service.participants(slug)
    if not people:
        click.echo(f"no registrations for {slug}")
        return
    for p in people:
        position = f" #{p.position}" if p.position else ""
        click.echo(f"{p.id:>6}  {p.status:<10}{position:<5} {local(p.created)}  {p.name} <{p.email}>")
    counts = {s: sum(1 for p in people if p.status == s) for s in ("confirmed", "pending", "waitlisted", "cancelled")}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))


@group.command("export")
@click.argument("slug")
@click.option("--delimiter", default=",", show_default=True, help="Use ';' for German Excel.")
def export_command(slug: str, delimiter: str) -> None:
    """Print the event's registrations as CSV (UTF-8 with BOM) to standard output."""
    data = export_csv(slug, _fields(slug), delimiter)
    sys.stdout.flush()
    sys.stdout.buffer.write(data.encode("utf-8"))  # bytes: the BOM and UTF-8 whatever the locale
    sys.stdout.buffer.flush()


def _outcome_mails(outcome: service.Outcome, kind: str | None) -> None:
    person = outcome.person
    bundle = get_corpus().bundle("events", person.event_slug) if person else None
    with _request_context():
        delivery = notify.send_promotions(outcome, bundle)
        if kind and person is not None:
            delivery.attempt(kind, person, bundle)
    _echo_delivery(delivery)


def _echo_delivery(delivery: notify.Delivery) -> None:
    if delivery.queued:
        click.echo(f"{delivery.queued} mails could not be sent now and wait in the outbox (flask registrations send-outbox)", err=True)
    if delivery.failed:
        click.echo(f"{delivery.failed} mails not sent; the server log has the details (the change itself stands)", err=True)


@group.command("cancel")
@click.argument("registration_id", type=int)
@click.option("--notify/--no-notify", "send_mail", default=True, help="Tell the person by mail.")
def cancel_command(registration_id: int, send_mail: bool) -> None:
    """Cancel a registration; the first person waiting moves up."""
    outcome = service.cancel_registration(registration_id, now(), "editor", notice=send_mail)
    if outcome.result == "invalid":
        raise click.ClickException(f"no registration {registration_id}")
    click.echo(f"{registration_id}: {outcome.result}")
    for p in outcome.promoted:
        click.echo(f"{p.id}: promoted from the waiting list ({p.name} <{p.email}>)")
    _outcome_mails(outcome, "cancelled" if send_mail and outcome.result == "cancelled" else None)


@group.command("promote")
@click.argument("registration_id", type=int)
def promote_command(registration_id: int) -> None:
    """Give someone a free place, or else put them first on the waiting list."""
    outcome = service.promote(registration_id, now())
    if outcome.result == "invalid":
        raise click.ClickException(f"no registration {registration_id}")
    if outcome.result == "cancelled":
        raise click.ClickException(f"registration {registration_id} is cancelled")
    detail = f" (position {outcome.person.position})" if outcome.result == "waitlisted" else ""
    click.echo(f"{registration_id}: {outcome.result}{detail}")
    if outcome.result == "confirmed":
        _outcome_mails(outcome, "promoted")


@group.command("purge")
def purge_command() -> None:
    """Delete personal data retention_days after each event ended; releases expired holds too.

    Sends the mail outbox first, so a mail that waited there goes out at least once a day."""
    _deliver_owed()
    _echo_outbox(_retry_outbox(outbox.STALE_DAYS))
    moment = now()
    promoted = service.release_all_expired(moment)
    if promoted:
        delivery = notify.Delivery()
        with _request_context():
            for p in promoted:
                notify.send_promotions(service.Outcome("promoted", promoted=[p]), get_corpus().bundle("events", p.event_slug), delivery)
        _echo_delivery(delivery)
    report = retention.purge(moment)
    for item in report:
        click.echo(f"{item.event_slug}: deleted {item.registrations} registrations (event ended {local(item.ended)})")
    total = sum(item.registrations for item in report)
    click.echo(f"purged {total} registrations of {len(report)} events; {len(promoted)} promoted after expired holds")
    sys.stdout.flush()


@group.command("send-outbox")
@click.option("--stale-days", default=outbox.STALE_DAYS, show_default=True, type=float,
              help="Report queued mails older than this as stale (they stay and are tried again).")
def send_outbox_command(stale_days: float) -> None:
    """Send the mails that wait in the outbox; each one sent is removed. Exits 1 while some remain.

    First the mails a crash left owed in the database (written with the change they announce)."""
    owing = _deliver_owed()
    report = _retry_outbox(stale_days)
    _echo_outbox(report)
    if report.remaining or owing.remaining:
        sys.exit(1)


def _deliver_owed() -> owed.Report:
    with _request_context():
        report = owed.deliver_owed(now())
    click.echo(f"owed mails: {report.sent} sent, {report.queued} queued, {report.void} void, {report.remaining} remaining")
    return report


def _retry_outbox(stale_days: float) -> outbox.Report:
    config = current_app.config
    return outbox.retry(config["PORTAL_SMTP_URL"], config["PORTAL_MAIL_DIR"], config["PORTAL_MAIL_OUTBOX_DIR"], stale_days)


def _echo_outbox(report: outbox.Report) -> None:
    busy = " (another process was sending)" if report.busy else ""
    click.echo(f"outbox: {report.sent} sent, {len(report.remaining)} remaining, {len(report.stale)} stale{busy}")
    for path in report.stale:
        try:
            queued = local(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc))
            message = outbox.read(path)
            detail = f"queued {queued}, to {message['To']}: {message['Subject']}"
        except OSError as error:
            detail = str(error)
        click.echo(f"stale: {path} ({detail})", err=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
