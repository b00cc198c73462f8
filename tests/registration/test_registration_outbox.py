"""The mail outbox against a real SMTP server that is stopped and started again: nobody whose
registration changes is left uninformed, and nobody on the page is told something untrue."""
from __future__ import annotations

import os
import time
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.db import db
from portal.registration import outbox
from portal.registration.models import Registration

from .support import Inbox, LoopbackController, body, follow, link, sign_up

EVENT = "werkstatt-anmeldung"  # 2 places and a waiting list


class SwitchableServer:
    """An aiosmtpd server on a fixed loopback port that a test can stop and start again."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.controller: LoopbackController | None = LoopbackController(self.inbox)
        self.controller.start()
        self.port = self.controller.port

    def stop(self) -> None:
        self.controller.stop()
        self.controller = None

    def start(self) -> None:
        self.controller = LoopbackController(self.inbox, port=self.port)
        self.controller.start()

    def close(self) -> None:
        if self.controller is not None:
            self.controller.stop()


@pytest.fixture
def server():
    switchable = SwitchableServer()
    yield switchable
    switchable.close()


@pytest.fixture
def app(reg_factory, server):
    return reg_factory(PORTAL_SMTP_URL=f"smtp://127.0.0.1:{server.port}")


def statuses(app) -> dict[str, str]:
    with app.app_context():
        return {r.email: r.status for r in db.session.execute(select(Registration)).scalars()}


def queued(app) -> list[Path]:
    return outbox.pending(app.config["PORTAL_MAIL_OUTBOX_DIR"])


def register(client, inbox: Inbox, address: str) -> None:
    assert sign_up(client, EVENT, email=address).status_code == 303
    assert follow(client, link(inbox.to(address)[-1], "/bestaetigen/"))[1].status_code == 200


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_promotion_mail_waits_in_the_outbox_and_send_outbox_delivers_it(app, server):
    client, runner = app.test_client(), app.test_cli_runner()
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        register(client, server.inbox, address)
    assert statuses(app)["c@example.org"] == "waitlisted"

    server.stop()
    cancel_url = link(server.inbox.to("a@example.org")[-1], "/abmelden/")
    page, done = follow(client, cancel_url)
    assert done.status_code == 200  # the cancellation stands although no mail could go out
    assert statuses(app) == {"a@example.org": "cancelled", "b@example.org": "confirmed", "c@example.org": "confirmed"}
    files = queued(app)
    assert len(files) == 2  # the promotion to c and the cancellation notice to a
    assert {str(outbox.read(f)["To"]) for f in files} == {"Erika Muster <c@example.org>", "Erika Muster <a@example.org>"}
    folder = Path(app.config["PORTAL_MAIL_OUTBOX_DIR"])
    partial = folder / "20990101T000000000000-halbfertig.tmp"  # a write that died half-way
    partial.write_bytes(b"To: x@example.org\r\nSubject: Ein Pl")
    os.utime(files[0], (time.time() - 8 * 86400,) * 2)  # queued 8 days ago

    still_down = runner.invoke(args=["registrations", "send-outbox"])
    assert still_down.exit_code == 1
    assert "outbox: 0 sent, 2 remaining, 1 stale" in still_down.output
    assert f"stale: {files[0]}" in still_down.output
    assert len(queued(app)) == 2

    server.start()
    result = runner.invoke(args=["registrations", "send-outbox"])
    assert result.exit_code == 0, result.output
    assert "outbox: 2 sent, 0 remaining, 0 stale" in result.output
    assert queued(app) == [] and partial.exists()  # the half-written file is neither sent nor removed
    [promoted] = [m for m in server.inbox.to("c@example.org") if "frei geworden" in m["Subject"]]
    assert "https://video.example.org/geheim-werkstatt" in body(promoted)
    page = client.get(urlsplit(link(promoted, "/abmelden/")).path)  # the link came through intact
    assert page.status_code == 200 and "Ja, meine Anmeldung stornieren" in page.get_data(as_text=True)
    assert any("Stornierung bestätigt" in m["Subject"] for m in server.inbox.to("a@example.org"))
    assert runner.invoke(args=["registrations", "send-outbox"]).exit_code == 0  # nothing left: nothing sent twice
    assert len([m for m in server.inbox.to("c@example.org") if "frei geworden" in m["Subject"]]) == 1


def test_confirmed_place_stands_when_its_mail_fails_and_the_next_mail_takes_it_along(app, server):
    client = app.test_client()
    assert sign_up(client, EVENT, email="erika@example.org").status_code == 303
    confirm_url = link(server.inbox.to("erika@example.org")[-1], "/bestaetigen/")

    server.stop()
    # signing up is synchronous: the visitor is there and is asked to try again; nothing is queued
    refused = sign_up(client, EVENT, email="later@example.org")
    assert refused.status_code == 503 and queued(app) == []
    _, done = follow(client, confirm_url)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "Ihr Platz ist bestätigt" in html
    assert "sie folgt, sobald unser Mailserver wieder erreichbar ist" in html
    assert "/abmelden/" in html  # the cancel link is on the page, too
    assert statuses(app)["erika@example.org"] == "confirmed"
    assert len(queued(app)) == 1

    server.start()
    # the next mail that goes out takes the queued one along, in the background
    assert sign_up(client, EVENT, email="later@example.org").status_code == 409  # the retry: link sent again
    assert wait_until(lambda: any("bestätigt" in m["Subject"] for m in server.inbox.to("erika@example.org")))
    assert wait_until(lambda: queued(app) == [])
    place = [m for m in server.inbox.to("erika@example.org") if "bestätigt" in m["Subject"]][-1]
    assert "https://video.example.org/geheim-werkstatt" in body(place)


def test_editor_command_queues_and_purge_retries_first(app, server):
    client, runner = app.test_client(), app.test_cli_runner()
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        register(client, server.inbox, address)
    ids = {}
    with app.app_context():
        ids = {r.email: r.id for r in db.session.execute(select(Registration)).scalars()}

    server.stop()
    result = runner.invoke(args=["registrations", "cancel", str(ids["b@example.org"])])
    assert result.exit_code == 0
    assert "2 mails could not be sent now and wait in the outbox" in result.output
    assert statuses(app)["c@example.org"] == "confirmed" and len(queued(app)) == 2

    server.start()
    purge = runner.invoke(args=["registrations", "purge"])
    assert purge.exit_code == 0 and "outbox: 2 sent, 0 remaining, 0 stale" in purge.output
    assert queued(app) == []
    assert any("frei geworden" in m["Subject"] for m in server.inbox.to("c@example.org"))


def _message(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "portal@example.org", to, "Test"
    message.set_content("Text\n")
    return message


def test_one_retry_at_a_time_and_no_smtp_means_the_mail_folder(tmp_path, server):
    folder = tmp_path / "outbox"
    outbox.queue(_message("x@example.org"), str(folder))
    url = f"smtp://127.0.0.1:{server.port}"
    with outbox._locked(folder, wait=True):
        busy = outbox.retry(url, str(tmp_path / "mail"), str(folder), wait=False)
    assert busy.busy and busy.sent == 0 and len(busy.remaining) == 1 and server.inbox.messages == []
    assert outbox.retry(url, str(tmp_path / "mail"), str(folder)).sent == 1
    assert outbox.after_success(url, str(tmp_path / "mail"), str(folder)) is None  # nothing waits: no thread

    # the background retry runs at most once a minute per process and outbox, and never blocks
    outbox.queue(_message("z@example.org"), str(folder))
    first = outbox.after_success(url, str(tmp_path / "mail"), str(folder))
    assert first is not None and outbox.after_success(url, str(tmp_path / "mail"), str(folder)) is None
    first.join(10)
    assert outbox.pending(folder) == [] and len(server.inbox.messages) == 2

    # without an SMTP server the mail is a file in the mail folder, as always; the outbox is not touched
    assert outbox.deliver(_message("y@example.org"), "", str(tmp_path / "mail"), str(tmp_path / "unused")) is True
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1 and not (tmp_path / "unused").exists()
