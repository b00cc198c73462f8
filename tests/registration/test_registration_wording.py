"""Wording bugs of issue 12 on registration pages and mails: German labels, past events, times,
cancelled links, the calendar attachment's charset, one word for cancelling."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.content.store import now
from portal.db import db
from portal.registration import service
from portal.registration.models import Registration

from .support import body, follow, link, sign_up

SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
TWELVE_HOUR = re.compile(r"\b\d{1,2}:\d{2}\s?[AP]M\b")


def test_missing_consent_is_named_in_german_on_the_german_page(reg_client):
    response = sign_up(reg_client, "werkstatt-anmeldung", consent=None)
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Consent" not in summary
    assert "Einwilligung zum Datenschutzhinweis" in summary


def test_a_past_event_says_it_took_place(reg_client):
    german = reg_client.get("/de/veranstaltungen/vergangen/").get_data(as_text=True)
    assert "hat bereits begonnen" not in german
    assert "Die Veranstaltung hat am 1. März 2020 stattgefunden." in german
    english = reg_client.get("/en/events/vergangen/").get_data(as_text=True)
    assert "has already started" not in english and "The event took place on March 1, 2020." in english


def test_times_are_24_hour_without_seconds_on_pages_and_in_mails(reg_client, inbox):
    for path in ("/de/veranstaltungen/werkstatt-anmeldung/", "/en/events/werkstatt-anmeldung/",
                 "/de/veranstaltungen/bald-offen/", "/en/events/bald-offen/", "/en/events/"):
        html = reg_client.get(path).get_data(as_text=True)
        visible = re.sub(r'datetime="[^"]*"', "", html)
        assert not SECONDS.search(visible), path
        assert not TWELVE_HOUR.search(visible), path
    english = reg_client.get("/en/events/vergangen/").get_data(as_text=True)
    assert "Sunday, March 1, 2020, 09:00–17:00" in english
    assert sign_up(reg_client, "werkstatt-anmeldung", lang="en", email="jo@example.org", mail_language="en").status_code == 303
    inbox.wait_for(1)
    text = body(inbox.to("jo@example.org")[-1])
    assert not SECONDS.search(text) and not TWELVE_HOUR.search(text)
    assert re.search(r"\b\d{2}:\d{2}–\d{2}:\d{2}\b", text)


def test_the_confirmation_link_of_a_cancelled_registration_says_cancelled(reg_app, reg_client, inbox):
    assert sign_up(reg_client, "werkstatt-anmeldung").status_code == 303
    inbox.wait_for(1)
    confirm_url = link(inbox.to("erika@example.org")[-1], "/bestaetigen/")
    follow(reg_client, confirm_url)
    with reg_app.app_context():
        reg_id = db.session.execute(select(Registration.id)).scalar_one()
        assert service.cancel_registration(reg_id, now(), reason="editor").result == "cancelled"
    page, _ = follow(reg_client, confirm_url)
    html = page.get_data(as_text=True)
    assert page.status_code == 410
    assert "storniert" in html
    assert "nicht rechtzeitig" not in html and "abgelaufen" not in html


def test_the_calendar_attachment_names_its_charset(reg_client, inbox):
    assert sign_up(reg_client, "werkstatt-anmeldung").status_code == 303
    inbox.wait_for(1)
    follow(reg_client, link(inbox.to("erika@example.org")[-1], "/bestaetigen/"))
    inbox.wait_for(2)
    [ics] = [p for p in inbox.to("erika@example.org")[-1].iter_attachments() if p.get_content_type() == "text/calendar"]
    assert ics.get_content_charset() == "utf-8"


def test_cancelling_is_called_stornieren_everywhere_in_german(reg_client, inbox):
    """One word for one act: no "Abmeldung"/"abmelden" beside "stornieren" (URLs keep their names)."""
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        assert sign_up(reg_client, "werkstatt-anmeldung", email=address).status_code == 303
        follow(reg_client, link(inbox.to(address)[-1], "/bestaetigen/"))
    cancel = link(inbox.to("a@example.org")[-1], "/abmelden/")
    page, done = follow(reg_client, cancel)
    inbox.wait_for(8)
    texts = [page.get_data(as_text=True), done.get_data(as_text=True)]
    texts += [f"{m['Subject']}\n{body(m)}" for a in ("a@example.org", "b@example.org", "c@example.org") for m in inbox.to(a)]
    for text in texts:
        without_urls = re.sub(r"https?://\S+|href=\"[^\"]*\"|action=\"[^\"]*\"", "", text)
        assert not re.search(r"[Aa]bmeld", without_urls), without_urls[:300]
