"""The visitor's path through HTTP with mail over a real SMTP server: sign up, confirm, wait, cancel."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.registration.models import Registration

from .support import body, follow, form_values, link, links, sign_up


def registrations(app) -> list[Registration]:
    with app.app_context():
        return db.session.execute(select(Registration).order_by(Registration.id)).scalars().all()


def test_event_page_shows_places_form_and_privacy_link(reg_client):
    html = reg_client.get("/de/veranstaltungen/werkstatt-anmeldung/").get_data(as_text=True)
    assert "2 Plätze von 2 frei." in html
    assert 'href="/de/seiten/datenschutz/"' in html
    assert 'name="consent"' in html and 'name="organisation"' in html and 'name="comment"' in html
    assert 'name="phone"' not in html
    english = reg_client.get("/en/events/werkstatt-anmeldung/").get_data(as_text=True)
    assert "2 places left of 2." in english
    assert "geheim-werkstatt" not in html + english  # the online link is never public


def test_sign_up_confirm_and_get_place_with_ics(reg_app, reg_client, inbox):
    response = sign_up(reg_client, "werkstatt-anmeldung", organisation="Landkreis Leipzig")
    assert response.status_code == 303
    assert "/anmeldung/gesendet" in response.headers["Location"]
    assert reg_client.get(response.headers["Location"]).status_code == 200
    inbox.wait_for(1)
    [request_mail] = inbox.to("erika@example.org")
    assert "bestätigen" in request_mail["Subject"]
    assert "geheim-werkstatt" not in body(request_mail)
    (person,) = registrations(reg_app)
    assert (person.status, person.holds_place, person.privacy_version) == ("pending", True, "datenschutz@2025-05-01")
    assert person.answers == {"organisation": "Landkreis Leipzig", "comment": ""}

    page, done = follow(reg_client, link(request_mail, "/bestaetigen/"))
    assert page.status_code == 200 and done.status_code == 200
    assert "Ihr Platz ist bestätigt" in done.get_data(as_text=True)
    inbox.wait_for(2)
    confirmed = inbox.to("erika@example.org")[-1]
    assert "bestätigt" in confirmed["Subject"]
    assert "https://video.example.org/geheim-werkstatt" in body(confirmed)
    [ics] = [part for part in confirmed.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = ics.get_content()
    calendar = calendar if isinstance(calendar, str) else calendar.decode()
    # the entry of the event's own calendar download: Berlin time with its VTIMEZONE, the same UID
    # and SEQUENCE; only the participant's copy carries the online link
    assert "BEGIN:VTIMEZONE" in calendar and "DTSTART;TZID=Europe/Berlin:20990512T100000" in calendar
    download = reg_client.get("/de/veranstaltungen/werkstatt-anmeldung/event.ics").get_data(as_text=True)
    for field in ("UID", "SEQUENCE", "DTSTART;TZID=Europe/Berlin", "STATUS"):
        assert [line for line in calendar.splitlines() if line.startswith(field)] == \
            [line for line in download.splitlines() if line.startswith(field)], field
    assert "geheim-werkstatt" in calendar.replace("\r\n ", "") and "geheim-werkstatt" not in download
    assert registrations(reg_app)[0].status == "confirmed"
    # the link works once: opening it again changes nothing and says so
    again, _ = follow(reg_client, link(request_mail, "/bestaetigen/"))
    assert again.status_code == 200 and registrations(reg_app)[0].status == "confirmed"


def test_mails_in_the_chosen_language(reg_client, inbox):
    assert sign_up(reg_client, "werkstatt-anmeldung", lang="en", email="jo@example.org").status_code == 303
    inbox.wait_for(1)
    [message] = inbox.to("jo@example.org")
    assert message["Subject"].startswith("Please confirm your registration: Data literacy workshop")
    assert "/en/events/werkstatt-anmeldung/registration/confirm/" in body(message)


def _register(client, inbox, email: str) -> None:
    assert sign_up(client, "werkstatt-anmeldung", email=email).status_code == 303  # SMTP delivery is synchronous
    follow(client, link(inbox.to(email)[-1], "/bestaetigen/"))


def test_waiting_list_cancel_and_promotion_exactly_once(reg_app, reg_client, inbox):
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        _register(reg_client, inbox, address)
    inbox.wait_for(6)
    waiting = inbox.to("c@example.org")[-1]
    assert "Warteliste" in waiting["Subject"] and "Platz 1 der Warteliste" in body(waiting)
    assert "geheim-werkstatt" not in body(waiting)  # no online link before a place
    assert [r.status for r in registrations(reg_app)] == ["confirmed", "confirmed", "waitlisted"]

    cancel_url = link(inbox.to("a@example.org")[-1], "/abmelden/")
    page, done = follow(reg_client, cancel_url)
    assert page.status_code == 200 and "Ja, meine Anmeldung stornieren" in page.get_data(as_text=True)
    assert done.status_code == 200
    inbox.wait_for(8)
    promoted = [m for m in inbox.to("c@example.org") if "frei geworden" in m["Subject"]]
    assert len(promoted) == 1 and "https://video.example.org/geheim-werkstatt" in body(promoted[0])
    assert [r.status for r in registrations(reg_app)] == ["cancelled", "confirmed", "confirmed"]
    # the same cancel link again: nothing more happens, nobody else is promoted
    again, second = follow(reg_client, cancel_url)
    assert again.status_code == 200 and second is None
    assert len([m for m in inbox.to("c@example.org") if "frei geworden" in m["Subject"]]) == 1


def test_duplicate_address_is_refused_case_insensitively(reg_app, reg_client, inbox):
    _register(reg_client, inbox, "dup@example.org")
    response = sign_up(reg_client, "werkstatt-anmeldung", email="DUP@Example.org")
    assert response.status_code == 409
    assert "bereits angemeldet" in response.get_data(as_text=True)
    assert len(registrations(reg_app)) == 1


def test_pending_duplicate_gets_a_new_link_and_the_old_one_stops(reg_app, reg_client, inbox):
    sign_up(reg_client, "werkstatt-anmeldung", email="p@example.org")
    inbox.wait_for(1)
    first = link(inbox.to("p@example.org")[0], "/bestaetigen/")
    response = sign_up(reg_client, "werkstatt-anmeldung", email="P@example.org")
    assert response.status_code == 409 and "Bestätigungslink erneut gesendet" in response.get_data(as_text=True)
    inbox.wait_for(2)
    second = link(inbox.to("p@example.org")[1], "/bestaetigen/")
    assert first != second
    assert follow(reg_client, first)[0].status_code == 404
    assert follow(reg_client, second)[1].status_code == 200
    assert [r.status for r in registrations(reg_app)] == ["confirmed"]


def test_full_event_without_waiting_list_closes(reg_app, reg_client, inbox):
    late = reg_app.test_client()
    stale_form = form_values(late.get("/de/veranstaltungen/ohne-warteliste/").get_data(as_text=True))
    assert sign_up(reg_client, "ohne-warteliste", email="one@example.org").status_code == 303
    page = reg_client.get("/de/veranstaltungen/ohne-warteliste/").get_data(as_text=True)
    assert "ausgebucht und hat keine Warteliste" in page and 'name="consent"' not in page
    response = late.post("/de/veranstaltungen/ohne-warteliste/anmeldung",
                         data={**stale_form, "name": "B", "email": "b@example.org", "consent": "y", "mail_language": "de"})
    assert response.status_code == 409 and "ausgebucht und hat keine Warteliste" in response.get_data(as_text=True)
    with reg_app.app_context():
        assert db.session.execute(select(func.count()).select_from(Registration)).scalar_one() == 1


@pytest.mark.parametrize("base_url", ["", "https://bismit.example.org"])
def test_mail_links_never_come_from_the_host_header(reg_factory, inbox, base_url):
    client = reg_factory(PORTAL_BASE_URL=base_url).test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"
    assert sign_up(client, "werkstatt-anmeldung").status_code == 303
    inbox.wait_for(1)
    found = links(inbox.messages[0])
    assert found and not any("evil.example" in url for url in found)
    assert all(url.startswith(base_url or "http://localhost:5000/") for url in found)
