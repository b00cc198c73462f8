"""The admins' registration pages: who may see them, the numbers, cancel/promote with mails, CSV, audit."""
from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from portal.content.store import get_corpus, now
from portal.db import db
from portal.editor import accounts
from portal.editor.models import AuditEntry
from portal.registration import service
from portal.registration.models import EventSlot

from .conftest import PASSWORD, login

SLUG = "kennzahlenvergleich-fruehjahr"  # capacity 3, waiting list, fields organisation + dietary
BASE = f"/editor/registrations/{SLUG}"
PAST_EVENT = """---
title: "Tagung 2020"
summary: "Eine vergangene Tagung mit Anmeldung."
date: 2019-01-10
start: 2020-03-01T09:00
format: online
registration:
  capacity: 5
---
Text.
"""


@pytest.fixture
def reg_admin_app(db_app_factory, write_item, tmp_path):
    write_item("events", "tagung-2020", PAST_EVENT)
    app = db_app_factory(WTF_CSRF_ENABLED=False, PORTAL_MAIL_DIR=str(tmp_path / "mail"))
    with app.app_context():
        accounts.create("admin@example.org", PASSWORD, "admin")
        accounts.create("editor@example.org", PASSWORD, "editor")
    return app


@pytest.fixture
def admin(reg_admin_app):
    client = reg_admin_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the assertions below read the English interface
    assert login(client, "admin@example.org").status_code == 302
    return client


def sign_up(app, n: int, confirm: bool = True) -> int:
    """A sign-up through the service, as the public form makes it; returns the registration id."""
    with app.app_context():
        event = get_corpus().bundle("events", SLUG).primary
        applicant = service.Applicant(f"Person {n}", f"p{n}@example.org", "de",
                                      {"organisation": f"Amt {n}", "dietary": "vegan" if n == 1 else ""}, "v1", f"nonce-{n}")
        outcome = service.sign_up(event, applicant, now(), 24)
        assert outcome.result in ("held", "candidate")
        if confirm:
            assert service.confirm(outcome.token, now(), event).result in ("confirmed", "waitlisted")
        return outcome.person.id


@pytest.fixture
def full_event(reg_admin_app) -> list[int]:
    """3 confirmed (the capacity), 2 on the waiting list, 1 not yet confirmed."""
    return [sign_up(reg_admin_app, n, confirm=n < 6) for n in range(1, 7)]


def people(app) -> dict[str, service.Person]:
    with app.app_context():
        return {p.email: p for p in service.participants(SLUG)}


def mails(app) -> list[email.message.EmailMessage]:
    folder = Path(app.config["PORTAL_MAIL_DIR"])
    files = sorted(folder.glob("*.eml")) if folder.is_dir() else []
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


def audit_entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def routes(ids: list[int] | None = None) -> list[tuple[str, str]]:
    rid = ids[0] if ids else 1
    return [("GET", "/editor/registrations"), ("GET", BASE), ("GET", f"{BASE}/export.csv"),
            ("POST", f"{BASE}/{rid}/cancel"), ("POST", f"{BASE}/{rid}/promote")]


def test_only_admins_get_in(reg_admin_app, full_event):
    anonymous = reg_admin_app.test_client()
    editor = reg_admin_app.test_client()
    assert login(editor, "editor@example.org").status_code == 302
    for method, path in routes(full_event):
        response = anonymous.open(path, method=method)
        assert response.status_code == 302 and response.headers["Location"].startswith("/editor/login"), path
        assert editor.open(path, method=method).status_code == 403, path
    assert people(reg_admin_app)["p1@example.org"].status == "confirmed"  # nothing happened
    assert "/editor/registrations" not in editor.get("/editor/").data.decode()


def test_editor_routes_are_enumerated_by_the_security_test(reg_admin_app):
    """The url_map enumeration in test_security.py sees these routes as admin-only."""
    rules = {r.rule: r.endpoint for r in reg_admin_app.url_map.iter_rules() if r.rule.startswith("/editor/registrations")}
    assert set(rules) == {"/editor/registrations", "/editor/registrations/<slug>", "/editor/registrations/<slug>/export.csv",
                          "/editor/registrations/<slug>/<int:registration_id>/<verb>"}
    assert all(getattr(reg_admin_app.view_functions[e], "admin_only", False) for e in rules.values())


def row_numbers(page: str, slug: str) -> list[str]:
    row = re.search(rf'<tr>\s*<th scope="row"><a href="/editor/registrations/{slug}">.*?</tr>', page, re.S).group(0)
    return re.findall(r'<td class="num">(\d+)</td>', row)


def test_list_shows_counts_upcoming_first_then_past(admin, full_event):
    page = admin.get("/editor/registrations").data.decode()
    # capacity, confirmed, pending, waitlisted, places left
    assert row_numbers(page, SLUG) == ["3", "3", "1", "2", "0"]
    assert row_numbers(page, "tagung-2020") == ["5", "0", "0", "0", "5"]
    assert page.index(SLUG) < page.index("Past events") < page.index("tagung-2020")
    assert "the event has started" in page
    assert "<caption>Upcoming events</caption>" in page and 'scope="col"' in page
    assert "werkstatt-vergangen" not in page  # an event without a registration block
    dashboard = admin.get("/editor/").data.decode()
    assert f'href="{BASE}"' in dashboard and 'href="/editor/registrations"' in dashboard


def test_pages_speak_german_with_german_dates(reg_admin_app, full_event):
    client = reg_admin_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    login(client, "admin@example.org")
    page = client.get("/editor/registrations").data.decode()
    assert "<h1>Anmeldungen</h1>" in page and "Freie Plätze" in page and "geschlossen: die Veranstaltung hat begonnen" in page
    assert "01.03.2020" in page  # the past event's start, German date format
    page = client.get(BASE).data.decode()
    assert "<caption>Warteliste (2)</caption>" in page and "Platz auf der Warteliste" in page
    assert "Stornieren<span class=\"visually-hidden\"> die Anmeldung von Person 4</span>" in page


def test_event_page_lists_people_by_status_with_answers(admin, full_event):
    page = admin.get(BASE).data.decode()
    for caption in ("Participants (3)", "Awaiting confirmation (1)", "Waiting list (2)"):
        assert f"<caption>{caption}</caption>" in page
    assert page.index("p1@example.org") < page.index("p6@example.org") < page.index("p4@example.org") < page.index("p5@example.org")
    assert "Amt 4" in page and "vegan" in page and "Dietary requirements" in page
    assert 'Cancel<span class="visually-hidden"> the registration of Person 4</span>' in page
    assert 'Promote<span class="visually-hidden"> Person 4</span>' in page
    only_waiting = admin.get(f"{BASE}?status=waitlisted").data.decode()
    assert "p4@example.org" in only_waiting and "p1@example.org" not in only_waiting
    assert "No registration has this status." in admin.get(f"{BASE}?status=cancelled").data.decode()


def test_cancel_asks_first_then_frees_the_place_and_promotes_once(reg_admin_app, admin, full_event):
    first = full_event[0]
    question = admin.post(f"{BASE}/{first}/cancel")
    assert question.status_code == 200
    text = question.data.decode()
    assert "This cannot be undone." in text and "Person 4" in text  # who will move up
    assert people(reg_admin_app)["p1@example.org"].status == "confirmed" and mails(reg_admin_app) == []

    done = admin.post(f"{BASE}/{first}/cancel", data={"confirm": "yes", "notify": "yes"})
    assert done.status_code == 303 and done.headers["Location"] == BASE
    now_ = people(reg_admin_app)
    assert (now_["p1@example.org"].status, now_["p1@example.org"].cancel_reason) == ("cancelled", "editor")
    assert now_["p4@example.org"].status == "confirmed"
    assert (now_["p5@example.org"].status, now_["p5@example.org"].position) == ("waitlisted", 1)
    with reg_admin_app.app_context():
        assert db.session.get(EventSlot, SLUG).taken == 3
    sent = {str(m["To"]): m for m in mails(reg_admin_app)}
    assert set(sent) == {"Person 1 <p1@example.org>", "Person 4 <p4@example.org>"}
    assert sent["Person 1 <p1@example.org>"]["Subject"].startswith("Stornierung bestätigt")
    assert sent["Person 4 <p4@example.org>"]["Subject"].startswith("Ein Platz ist frei geworden")
    assert "Person 4 moved up from the waiting list." in admin.get(BASE).data.decode()

    again = admin.post(f"{BASE}/{first}/cancel", data={"confirm": "yes", "notify": "yes"}, follow_redirects=True)
    assert "already cancelled" in again.data.decode()
    assert people(reg_admin_app)["p5@example.org"].status == "waitlisted" and len(mails(reg_admin_app)) == 2
    [entry] = audit_entries(reg_admin_app, "registration.cancel")
    assert entry.email == "admin@example.org" and entry.target == f"{SLUG}/{first} p1@example.org"
    assert f"{full_event[3]} p4@example.org" in entry.detail


def test_cancel_without_mail_to_the_person(reg_admin_app, admin, full_event):
    admin.post(f"{BASE}/{full_event[5]}/cancel", data={"confirm": "yes"})  # pending, holds no place
    assert people(reg_admin_app)["p6@example.org"].status == "cancelled"
    assert mails(reg_admin_app) == []  # not told, and nobody moved up
    assert people(reg_admin_app)["p4@example.org"].status == "waitlisted"


def test_promote_to_the_front_then_to_a_free_place(reg_admin_app, admin, full_event):
    last_waiting = full_event[4]
    assert "moves to the front of the waiting list" in admin.post(f"{BASE}/{last_waiting}/promote").data.decode()
    admin.post(f"{BASE}/{last_waiting}/promote", data={"confirm": "yes"})
    assert people(reg_admin_app)["p5@example.org"].position == 1
    assert people(reg_admin_app)["p4@example.org"].position == 2
    assert mails(reg_admin_app) == []  # still waiting: no mail

    with reg_admin_app.app_context():  # P1 cancels by their own link: P5, now first, moves up
        service.cancel_registration(full_event[0], now(), "self")
    assert people(reg_admin_app)["p5@example.org"].status == "confirmed"
    pending = full_event[5]
    admin.post(f"{BASE}/{full_event[1]}/cancel", data={"confirm": "yes"})  # P4 moves up
    assert people(reg_admin_app)["p4@example.org"].status == "confirmed"
    admin.post(f"{BASE}/{full_event[2]}/cancel", data={"confirm": "yes"})  # nobody waits: a free place
    page = admin.post(f"{BASE}/{pending}/promote").data.decode()
    assert "gets a place" in page
    response = admin.post(f"{BASE}/{pending}/promote", data={"confirm": "yes"}, follow_redirects=True)
    assert "Person 6 has a place now." in response.data.decode()
    assert people(reg_admin_app)["p6@example.org"].status == "confirmed"
    to_p6 = [m for m in mails(reg_admin_app) if "p6@example.org" in str(m["To"])]
    assert len(to_p6) == 1 and to_p6[0]["Subject"].startswith("Ein Platz ist frei geworden")
    with reg_admin_app.app_context():
        assert db.session.get(EventSlot, SLUG).taken == 3
    assert [e.detail for e in audit_entries(reg_admin_app, "registration.promote")] == ["waitlisted", "confirmed"]
    # promoting someone who has a place changes nothing
    assert "already has a place" in admin.post(f"{BASE}/{pending}/promote", data={"confirm": "yes"},
                                              follow_redirects=True).data.decode()


def test_csv_download_is_the_cli_export(reg_admin_app, admin, full_event):
    response = admin.get(f"{BASE}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    day = datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d")
    assert response.headers["Content-Disposition"] == f'attachment; filename="registrations-{SLUG}-{day}.csv"'
    data = response.data
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "name,email,status,created,confirmed,position,language,privacy_version,organisation,dietary"
    assert len(lines) == 7 and lines[1].startswith("Person 1,p1@example.org,confirmed,")
    cli = reg_admin_app.test_cli_runner().invoke(args=["registrations", "export", SLUG])
    assert cli.exit_code == 0 and cli.stdout_bytes == data
    semicolons = admin.get(f"{BASE}/export.csv?delimiter=semicolon").data.decode("utf-8-sig")
    assert semicolons.startswith("name;email;status;created;")
    assert [e.detail for e in audit_entries(reg_admin_app, "registration.export")] == ["delimiter ,", "delimiter ;"]


def test_unknown_event_or_registration_is_404(reg_admin_app, admin, full_event):
    other = "/editor/registrations/tagung-2020"
    for path in ("/editor/registrations/gibt-es-nicht", "/editor/registrations/werkstatt-vergangen",
                 "/editor/registrations/fachtag-rueckblick", "/editor/registrations/gibt-es-nicht/export.csv",
                 "/editor/registrations/" + "x" * 300):
        assert admin.get(path).status_code == 404, path
    for path in (f"{BASE}/999999/cancel", f"{BASE}/999999/promote", f"{other}/{full_event[0]}/cancel",
                 f"/editor/registrations/gibt-es-nicht/{full_event[0]}/cancel", f"{BASE}/{full_event[0]}/delete"):
        assert admin.post(path, data={"confirm": "yes"}).status_code == 404, path
    assert people(reg_admin_app)["p1@example.org"].status == "confirmed"


def test_posts_need_the_csrf_token(db_app_factory, tmp_path):
    app = db_app_factory(PORTAL_MAIL_DIR=str(tmp_path / "mail"))  # CSRF on, as in production
    with app.app_context():
        accounts.create("admin@example.org", PASSWORD, "admin")
    registration = sign_up(app, 1)
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/editor/login").data.decode()).group(1)
    client.post("/editor/login", data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token})
    for verb in ("cancel", "promote"):
        assert client.post(f"{BASE}/{registration}/{verb}", data={"confirm": "yes"}).status_code == 400
    assert people(app)["p1@example.org"].status == "confirmed"
    page = client.get(BASE).data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"{BASE}/{registration}/cancel", data={"confirm": "yes", "csrf_token": token}).status_code == 303
    assert people(app)["p1@example.org"].status == "cancelled"
    with app.app_context():
        db.engine.dispose()


def test_cancel_while_the_mail_server_is_down_queues_both_mails(reg_admin_app, admin, full_event):
    import socket

    from portal.registration import outbox

    with socket.socket() as probe:  # a loopback port where nothing listens: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reg_admin_app.config["PORTAL_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    done = admin.post(f"{BASE}/{full_event[0]}/cancel", data={"confirm": "yes", "notify": "yes"}, follow_redirects=True)
    text = done.data.decode()
    assert "2 mails could not be sent just now; the change itself stands. The mails wait in the outbox" in text
    assert "have been sent" not in text
    assert people(reg_admin_app)["p4@example.org"].status == "confirmed"  # the promotion stands
    queued = outbox.pending(reg_admin_app.config["PORTAL_MAIL_OUTBOX_DIR"])
    assert sorted(str(outbox.read(p)["To"]) for p in queued) == ["Person 1 <p1@example.org>", "Person 4 <p4@example.org>"]
    assert mails(reg_admin_app) == []  # nothing went to the mail folder instead


def test_editor_pages_show_24_hour_times_without_seconds(reg_admin_app, full_event):
    """Issue 12: the dashboard showed "10:00:00"; English pages "10:00 AM". Both languages, every page
    of the editor that shows a time."""
    seconds, twelve_hour = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b"), re.compile(r"\b\d{1,2}:\d{2}\s?[AP]M\b")
    for language in ("de", "en"):
        client = reg_admin_app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        login(client, "admin@example.org")
        shown = 0
        for path in ("/editor/", "/editor/registrations", BASE):
            visible = re.sub(r'(datetime|value|data-[\w-]+)="[^"]*"', "", client.get(path).data.decode())
            assert not seconds.search(visible) and not twelve_hour.search(visible), (language, path)
            shown += len(re.findall(r"\b\d{2}:\d{2}\b", visible))
        assert shown > 0  # the pages do show times
