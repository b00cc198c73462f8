"""A crash right after a registration's commit delays its mails, never loses them (issue 15, item 7).

The crash is simulated by the send step dying after the commit (a BaseException, like the process
being killed: nothing after it runs). The mails owed were written in the same transaction; the
outbox run afterwards delivers each exactly once, on SQLite and PostgreSQL.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, update

from portal.db import db
from portal.registration import mail
from portal.registration.models import MailIntent, Registration

from .support import follow, link, sign_up

EVENT = "werkstatt-anmeldung"  # 2 places and a waiting list


class Killed(BaseException):
    """What a kill -9 leaves: the code after this point never runs."""


def statuses(app) -> dict[str, str]:
    with app.app_context():
        return {r.email: r.status for r in db.session.execute(select(Registration)).scalars()}


def owed(app) -> list[tuple[str, int]]:
    with app.app_context():
        return [(i.kind, i.registration_id) for i in db.session.execute(select(MailIntent)).scalars()]


def later(app) -> None:
    """Move the owed mails past the grace time a live request has to send them (the clock moves on)."""
    with app.app_context():
        db.session.execute(update(MailIntent).values(created=datetime(2000, 1, 1)))
        db.session.commit()


def crash_on_send(monkeypatch) -> None:
    def die(*args, **kwargs):
        raise Killed()
    monkeypatch.setattr(mail, "send", die)


def test_mails_owed_at_a_crash_after_the_commit_go_out_exactly_once(reg_factory, database_url, inbox, monkeypatch):
    app = reg_factory(database_url)
    client, runner = app.test_client(), app.test_cli_runner()
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        assert sign_up(client, EVENT, email=address).status_code == 303
        assert follow(client, link(inbox.to(address)[-1], "/bestaetigen/"))[1].status_code == 200
    assert statuses(app)["c@example.org"] == "waitlisted"
    assert owed(app) == []  # mails that went out owe nothing
    cancel_url = link(inbox.to("a@example.org")[-1], "/abmelden/")
    before = len(inbox.messages)

    with monkeypatch.context() as patch:
        crash_on_send(patch)
        with pytest.raises(Killed):
            follow(client, cancel_url)  # the cancellation commits, then the process dies
        with pytest.raises(Killed):
            sign_up(client, EVENT, email="d@example.org")  # the sign-up commits, its mail never leaves
    assert statuses(app) == {"a@example.org": "cancelled", "b@example.org": "confirmed",
                             "c@example.org": "confirmed", "d@example.org": "pending"}
    assert len(inbox.messages) == before
    ids = {}
    with app.app_context():
        ids = {r.email: r.id for r in db.session.execute(select(Registration)).scalars()}
    assert sorted(owed(app)) == sorted([("promoted", ids["c@example.org"]), ("cancelled", ids["a@example.org"]),
                                        ("confirm_request", ids["d@example.org"])])

    # a live request may still be sending a fresh intent: the outbox run leaves it alone
    fresh = runner.invoke(args=["registrations", "send-outbox"])
    assert "owed mails: 0 sent" in fresh.output and len(inbox.messages) == before

    later(app)
    result = runner.invoke(args=["registrations", "send-outbox"])
    assert result.exit_code == 0, result.output
    assert "owed mails: 3 sent, 0 queued, 0 void, 0 remaining" in result.output
    assert owed(app) == []
    assert len([m for m in inbox.to("c@example.org") if "frei geworden" in m["Subject"]]) == 1
    assert any("Stornierung bestätigt" in m["Subject"] for m in inbox.to("a@example.org"))
    [request] = inbox.to("d@example.org")
    _, done = follow(client, link(request, "/bestaetigen/"))  # the owed link works
    assert done.status_code == 200 and statuses(app)["d@example.org"] == "waitlisted"

    again = runner.invoke(args=["registrations", "send-outbox"])
    assert again.exit_code == 0 and "owed mails: 0 sent" in again.output
    assert len([m for m in inbox.to("c@example.org") if "frei geworden" in m["Subject"]]) == 1
    assert len(inbox.to("d@example.org")) == 2  # the link, then the waiting-list mail


def test_a_new_link_settles_or_voids_the_owed_one(reg_factory, database_url, inbox, monkeypatch):
    app = reg_factory(database_url)
    client, runner = app.test_client(), app.test_cli_runner()
    with monkeypatch.context() as patch:
        crash_on_send(patch)
        with pytest.raises(Killed):
            sign_up(client, EVENT, email="e@example.org")
    # the visitor tries again: the new link goes out and settles the owed older one
    assert sign_up(client, EVENT, email="e@example.org").status_code == 409
    assert len(inbox.to("e@example.org")) == 1 and owed(app) == []

    # two crashes in a row: two owed links, only the newest still works and is sent
    with monkeypatch.context() as patch:
        crash_on_send(patch)
        for _ in range(2):
            with pytest.raises(Killed):
                sign_up(client, EVENT, email="e@example.org")
    assert len(owed(app)) == 2
    later(app)
    result = runner.invoke(args=["registrations", "send-outbox"])
    assert result.exit_code == 0, result.output
    assert "owed mails: 1 sent, 0 queued, 1 void, 0 remaining" in result.output and owed(app) == []
    newest = inbox.to("e@example.org")[-1]
    assert len(inbox.to("e@example.org")) == 2
    _, done = follow(client, link(newest, "/bestaetigen/"))
    assert done.status_code == 200 and statuses(app)["e@example.org"] == "confirmed"
