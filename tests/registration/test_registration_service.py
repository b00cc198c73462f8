"""The service and the CLI with plain arguments: holds expiring, promotion, editors' commands, purge, schema."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from portal.content.store import get_corpus
from portal.db import db
from portal.registration import availability, retention, service, tokens
from portal.registration.models import EventSlot, Registration

T0 = datetime(2098, 1, 1, 12, 0, tzinfo=timezone.utc)


def event(app, slug="werkstatt-anmeldung"):
    with app.app_context():
        return get_corpus().bundle("events", slug).primary


def applicant(n: int, email: str | None = None) -> service.Applicant:
    return service.Applicant(f"Person {n}", email or f"p{n}@example.org", "de", {}, "v1", f"nonce-{n}")


def test_expired_hold_frees_the_place_for_the_first_waiting(reg_factory, database_url):
    app = reg_factory(database_url)
    ev = event(app)
    with app.app_context():
        a = service.sign_up(ev, applicant(1), T0, 24)  # holds a place, never confirms
        b = service.sign_up(ev, applicant(2), T0, 24)
        service.confirm(b.token, T0, ev)
        c = service.sign_up(ev, applicant(3), T0 + timedelta(hours=1), 48)
        assert (a.result, c.result) == ("held", "candidate")
        assert service.confirm(c.token, T0 + timedelta(hours=2), ev).person.position == 1
        assert availability.availability(ev, T0 + timedelta(hours=2)).left == 0
        # a day later A's hold has expired: the place goes to C, the first waiting, at once
        promoted = service.release_all_expired(T0 + timedelta(hours=25))
        assert [p.email for p in promoted] == ["p3@example.org"]
        statuses = {p.email: (p.status, p.cancel_reason) for p in service.participants("werkstatt-anmeldung")}
        assert statuses == {"p1@example.org": ("cancelled", "expired"), "p2@example.org": ("confirmed", None),
                            "p3@example.org": ("confirmed", None)}
        assert service.confirm(a.token, T0 + timedelta(hours=26), ev).result == "expired"
        assert db.session.get(EventSlot, "werkstatt-anmeldung").taken == 2


def test_tokens_are_long_hashed_and_single_use(reg_app):
    ev = event(reg_app)
    with reg_app.app_context():
        outcome = service.sign_up(ev, applicant(1), T0, 24)
        assert len(outcome.token) >= 43  # 32 random bytes, URL-safe
        stored = db.session.execute(select(Registration)).scalar_one()
        assert stored.confirm_token_hash == tokens.token_hash(outcome.token) != outcome.token
        dump = " ".join(str(v) for v in db.session.execute(text("SELECT * FROM registrations")).one())
        assert outcome.token not in dump
        assert service.confirm(outcome.token, T0, ev).result == "confirmed"
        assert service.confirm(outcome.token, T0, ev).result == "used"
        assert service.confirm(outcome.token[:-1] + "x", T0, ev).result == "invalid"


def test_unique_index_is_case_insensitive_in_the_database(reg_app):
    with reg_app.app_context():
        db.session.add(EventSlot(slug="x", capacity=1, taken=0, waitlist=True, ends_at=datetime(2099, 1, 1), retention_days=1))
        for i, address in enumerate(("Anna@Example.org", "anna@example.ORG")):
            db.session.add(Registration(event_slug="x", name="A", email=address, lang="de", answers={}, status="pending",
                                        holds_place=False, privacy_version="v", form_nonce=f"n{i}", cancel_salt="s",
                                        created=datetime(2098, 1, 1)))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_editor_promote_and_cancel_keep_capacity(reg_app):
    ev = event(reg_app)
    with reg_app.app_context():
        ids = []
        for n in range(4):
            out = service.sign_up(ev, applicant(n), T0, 24)
            ids.append(service.confirm(out.token, T0, ev).person.id)
        assert [p.status for p in service.participants(ev.slug)] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
        moved = service.promote(ids[3], T0)
        assert (moved.result, moved.person.position) == ("waitlisted", 1)  # full: first in line instead
        done = service.cancel_registration(ids[0], T0, "editor")
        assert [p.id for p in done.promoted] == [ids[3]]
        assert service.cancel_registration(ids[0], T0, "editor").result == "already_cancelled"
        assert db.session.get(EventSlot, ev.slug).taken == 2


def test_cli_export_list_cancel_promote(reg_app, inbox):
    ev = event(reg_app)
    runner = reg_app.test_cli_runner()
    with reg_app.app_context():
        ids = []
        for n, name in enumerate(["Jörg Weiß", "=HYPERLINK(1)", "Ann"]):
            out = service.sign_up(ev, service.Applicant(name, f"p{n}@example.org", "en", {"organisation": "DJI"}, "v1", f"n{n}"), T0, 24)
            ids.append(service.confirm(out.token, T0, ev).person.id)
    result = runner.invoke(args=["registrations", "export", ev.slug])
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Jörg Weiß", "'=HYPERLINK(1)", "Ann"]
    assert [r["status"] for r in rows] == ["confirmed", "confirmed", "waitlisted"]
    assert rows[0]["organisation"] == "DJI" and rows[0]["created"].startswith("2098-01-01 13:00")
    listing = runner.invoke(args=["registrations", "list", ev.slug]).output
    assert "2 confirmed, 0 pending, 1 waitlisted, 0 cancelled" in listing
    result = runner.invoke(args=["registrations", "cancel", str(ids[0])])
    assert result.exit_code == 0 and f"{ids[2]}: promoted" in result.output
    assert {m["Subject"].split(":")[0] for m in inbox.messages} == {"Cancellation confirmed", "A place has become free – you are in"}
    assert "https://video.example.org/geheim-werkstatt" in inbox.to("p2@example.org")[0].get_body(("plain",)).get_content()
    assert runner.invoke(args=["registrations", "promote", "999"]).exit_code != 0


def test_cli_purge_deletes_after_retention(reg_app):
    past = event(reg_app, "vergangen")
    runner = reg_app.test_cli_runner()
    with reg_app.app_context():
        for n in range(3):
            service.sign_up(past, applicant(n), datetime(2020, 2, 1, tzinfo=timezone.utc), 24)
        service.sign_up(event(reg_app), applicant(9), T0, 24)
    result = runner.invoke(args=["registrations", "purge"])
    assert result.exit_code == 0
    assert "vergangen: deleted 3 registrations" in result.output
    with reg_app.app_context():
        assert db.session.execute(select(func.count()).select_from(Registration)).scalar_one() == 1
    assert "purged 0 registrations" in runner.invoke(args=["registrations", "purge"]).output


def test_capacity_raised_in_the_file_promotes_waiting_people(reg_app, reg_content):
    ev = event(reg_app)
    with reg_app.app_context():
        for n in range(3):
            service.confirm(service.sign_up(ev, applicant(n), T0, 24).token, T0, ev)
    path = reg_content / "events" / "werkstatt-anmeldung" / "index.de.md"
    path.write_text(path.read_text().replace("capacity: 2", "capacity: 3"))
    reg_app.extensions["content"].refresh()
    bigger = event(reg_app)
    with reg_app.app_context():
        out = service.sign_up(bigger, applicant(7), T0, 24)
        assert [p.email for p in out.promoted] == ["p2@example.org"] and out.result == "candidate"
