"""Bad input gets a clear, localised answer and changes nothing."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.registration.models import Registration

from .support import follow, form_values, link, sign_up

EVENT = "/de/veranstaltungen/werkstatt-anmeldung/"


def count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Registration)).scalar_one()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-address"}, "Please enter a valid e-mail address"),
        ({"email": ""}, "Please fill in this field."),
        ({"name": "x" * 201}, "Please use at most 200 characters."),
        ({"name": "Eve\r\nBcc: victim@example.org"}, "Please use a single line without line breaks."),
        ({"organisation": "Amt\nX-Evil: 1"}, "Please use a single line without line breaks."),
        ({"comment": "c" * 2001}, "Please use at most 2000 characters."),
        ({"consent": None}, "Please agree to the privacy notice to sign up."),
        ({"website": "http://spam.example"}, "Leave this field empty"),
        ({"started": "forged"}, "The form had expired."),
        ({"csrf_token": "forged"}, "The form had expired."),
    ],
)
def test_invalid_form_is_refused_and_keeps_input(reg_app, reg_client, inbox, fields, message):
    response = sign_up(reg_client, "werkstatt-anmeldung", lang="en", **{"organisation": "Stadt Halle", **fields})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'value="Stadt Halle"' in html or "organisation" in fields  # nothing typed is lost
    assert count(reg_app) == 0 and inbox.messages == []


def test_field_errors_are_tied_to_their_inputs(reg_client):
    html = sign_up(reg_client, "werkstatt-anmeldung", email="nope").get_data(as_text=True)
    assert 'aria-describedby="field-email-error"' in html and 'id="field-email-error"' in html
    assert 'aria-invalid="true"' in html and 'href="#field-email"' in html


def test_german_messages(reg_client):
    html = sign_up(reg_client, "werkstatt-anmeldung", email="nope").get_data(as_text=True)
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein" in html
    english = sign_up(reg_client, "werkstatt-anmeldung", lang="en", email="nope").get_data(as_text=True)
    assert "Please enter a valid e-mail address" in english


def test_too_fast_is_refused(reg_factory, inbox):
    app = reg_factory(PORTAL_REGISTRATION_MIN_FILL_SECONDS=30.0)
    response = sign_up(app.test_client(), "werkstatt-anmeldung")
    assert response.status_code == 400 and "sehr schnell" in response.get_data(as_text=True)
    assert count(app) == 0


def test_replayed_form_changes_nothing(reg_app, reg_client, inbox):
    page = reg_client.get(EVENT).get_data(as_text=True)
    data = {**form_values(page), "name": "Ann", "email": "ann@example.org", "consent": "y", "mail_language": "de"}
    path = "/de/veranstaltungen/werkstatt-anmeldung/anmeldung"
    assert reg_client.post(path, data=data).status_code == 303
    again = reg_client.post(path, data=data)
    assert again.status_code == 409 and "bereits abgeschickt" in again.get_data(as_text=True)
    other = reg_client.post(path, data={**data, "email": "bob@example.org"})
    assert other.status_code == 409 and "bereits abgeschickt" in other.get_data(as_text=True)
    assert count(reg_app) == 1 and len(inbox.messages) == 1


@pytest.mark.parametrize(
    ("slug", "message"),
    [("geschlossen", "Registration closed on"), ("bald-offen", "Registration opens on"), ("vergangen", "The event took place on")],
)
def test_closed_events_say_why_and_refuse(reg_app, reg_client, slug, message):
    page = reg_client.get(f"/en/events/{slug}/").get_data(as_text=True)
    assert message in page and 'name="consent"' not in page
    response = reg_client.post(f"/en/events/{slug}/registration", data={"name": "A", "email": "a@example.org", "consent": "y"})
    assert response.status_code == 409 and message in response.get_data(as_text=True)
    assert count(reg_app) == 0


def test_unknown_event_is_404(reg_client):
    assert reg_client.post("/de/veranstaltungen/gibt-es-nicht/anmeldung", data={}).status_code == 404


def test_forged_tokens_are_refused(reg_client):
    for path in (
        "/de/veranstaltungen/werkstatt-anmeldung/anmeldung/bestaetigen/" + "A" * 43,
        "/de/veranstaltungen/werkstatt-anmeldung/anmeldung/abmelden/1-" + "A" * 43,
        "/de/veranstaltungen/werkstatt-anmeldung/anmeldung/abmelden/x",
    ):
        response = reg_client.get(path)
        assert response.status_code == 404
        assert "Dieser Link ist ungültig" in response.get_data(as_text=True)


def test_expired_hold_link_is_refused_and_frees_the_place(reg_factory, inbox):
    app = reg_factory(PORTAL_REGISTRATION_HOLD_HOURS=-1.0)  # every hold has already expired
    client = app.test_client()
    assert sign_up(client, "werkstatt-anmeldung").status_code == 303
    page, done = follow(client, link(inbox.messages[0], "/bestaetigen/"))
    assert page.status_code == 410 and done is None
    with app.app_context():
        reg = db.session.execute(select(Registration)).scalar_one()
        assert reg.status == "pending"
    page = client.get(EVENT).get_data(as_text=True)
    assert "2 Plätze von 2 frei." in page


def test_cancel_token_of_another_registration_fails(reg_app, reg_client, inbox):
    sign_up(reg_client, "werkstatt-anmeldung", email="x@example.org")
    follow(reg_client, link(inbox.messages[0], "/bestaetigen/"))
    url = link(inbox.messages[1], "/abmelden/")
    rid, mac = url.rsplit("/", 1)[1].split("-", 1)
    forged = url.replace(f"/{rid}-", f"/{int(rid) + 1}-")
    assert reg_client.get(forged.split("localhost", 1)[1]).status_code == 404
    assert "?" not in url and len(mac) == 43  # 256-bit token


def test_database_down_keeps_the_event_page(app_factory, reg_content):
    app = app_factory(PORTAL_CONTENT_DIR=str(reg_content), PORTAL_DATABASE_URL="postgresql://postgres@127.0.0.1:9/none")
    page = app.test_client().get(EVENT)
    assert page.status_code == 200 and "vorübergehend nicht möglich" in page.get_data(as_text=True)


def test_database_down_on_post_is_503_not_success(app_factory, reg_content, caplog):
    app = app_factory(PORTAL_CONTENT_DIR=str(reg_content), PORTAL_DATABASE_URL="postgresql://postgres@127.0.0.1:9/none",
                      PORTAL_REGISTRATION_MIN_FILL_SECONDS=0.0, WTF_CSRF_ENABLED=False)
    from portal.registration import forms

    with app.test_request_context():
        started = forms.start_token("werkstatt-anmeldung", "test")
    with caplog.at_level(logging.ERROR):
        response = app.test_client().post("/de/veranstaltungen/werkstatt-anmeldung/anmeldung", data={
            "started": started, "name": "A", "email": "a@example.org", "consent": "y", "mail_language": "de"})
    assert response.status_code == 503
    assert "Ihre Anfrage wurde nicht gespeichert" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "60"
    assert any("failed" in r.getMessage() for r in caplog.records)


def test_mail_server_down_gives_503_and_a_retry_resends(reg_factory, inbox):
    broken = reg_factory(PORTAL_SMTP_URL="smtp://127.0.0.1:9")
    response = sign_up(broken.test_client(), "werkstatt-anmeldung")
    assert response.status_code == 503 and "Bestätigungs-E-Mail gerade nicht senden" in response.get_data(as_text=True)
    working = reg_factory()
    retry = sign_up(working.test_client(), "werkstatt-anmeldung")
    assert retry.status_code == 409 and "Bestätigungslink erneut gesendet" in retry.get_data(as_text=True)
    assert len(inbox.messages) == 1
