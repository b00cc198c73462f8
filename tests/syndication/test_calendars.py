"""Calendars read back by icalendar: times in Europe/Berlin across a daylight-saving change, all-day
events, UID, SEQUENCE, cancellation, subscriptions per series and topic, and bad input."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from lxml import html as lxml_html

BERLIN = ZoneInfo("Europe/Berlin")
EVENT = """---
title: "{title}"
summary: "Ein Treffen der Bildungsmanagements."
date: 2025-01-10
start: {start}
{end}
format: onsite
location: {{name: "Stadthaus", street: "Marktplatz 1", postcode: "06108", city: "Halle (Saale)"}}
series: {series}
topics: [{topic}]
{extra}
---
Text.
"""


@pytest.fixture
def add_event(app, write_item):
    def add(slug, start, end=None, title="Treffen", series="werkstatt", topic="weiterbildung", extra=""):
        write_item("events", slug, EVENT.format(title=title, start=start, end=f"end: {end}" if end else "",
                                                series=series, topic=topic, extra=extra))
        app.extensions["content"].refresh()
    return add


def calendar(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def events_of(cal) -> dict:
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_times_are_right_across_a_daylight_saving_change(client, add_event):
    add_event("vor-umstellung", "2099-03-26T10:00", "2099-03-26T12:00")   # CET, +01:00
    add_event("nach-umstellung", "2099-04-02T10:00", "2099-04-02T12:00")  # CEST, +02:00
    cal = calendar(client, "/de/veranstaltungen/calendar.ics")
    [vtimezone] = cal.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"
    from_vtimezone = vtimezone.to_tz(lookup_tzid=False)  # the calendar's own rules, not the system's
    found = events_of(cal)
    for slug, offset in (("vor-umstellung", 1), ("nach-umstellung", 2)):
        start = found[slug]["DTSTART"]
        assert start.params["TZID"] == "Europe/Berlin"
        local = start.dt.replace(tzinfo=None)
        assert local == (datetime(2099, 3, 26, 10) if offset == 1 else datetime(2099, 4, 2, 10))
        as_written = local.replace(tzinfo=from_vtimezone)
        assert as_written.utcoffset() == timedelta(hours=offset)
        assert as_written.astimezone(BERLIN).hour == 10
        assert start.dt.utcoffset() == timedelta(hours=offset)


def test_single_event_download_has_everything_a_calendar_shows(client):
    response = client.get("/de/veranstaltungen/kennzahlenvergleich-fruehjahr/event.ics")
    cal = Calendar.from_ical(response.data)
    assert str(cal["X-WR-CALNAME"]) == "Kennzahlenvergleich: Frühjahrstreffen"
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == "kennzahlenvergleich-fruehjahr@localhost"
    assert str(event["SUMMARY"]) == "Kennzahlenvergleich: Frühjahrstreffen"
    assert str(event["LOCATION"]) == "Deutsches Jugendinstitut, Franckeplatz 1, 06110 Halle (Saale)"
    assert str(event["URL"]) == "http://localhost/de/veranstaltungen/kennzahlenvergleich-fruehjahr/"
    assert "vergleichen ihre Kennzahlen" in str(event["DESCRIPTION"])
    assert "video.example.org" not in response.get_data(as_text=True)  # the online link is for participants only
    assert event["DTSTART"].dt == datetime(2099, 4, 22, 10, 0, tzinfo=BERLIN)
    assert event["DTEND"].dt == datetime(2099, 4, 22, 15, 30, tzinfo=BERLIN)
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0
    assert cal.walk("VTIMEZONE")


def test_multi_day_event_given_as_dates_is_all_day_with_exclusive_end(client, add_event):
    add_event("tagung", "2099-06-10", "2099-06-12")
    [event] = [e for e in calendar(client, "/de/veranstaltungen/tagung/event.ics").walk("VEVENT")]
    assert event["DTSTART"].dt == date(2099, 6, 10) and not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == date(2099, 6, 13)  # RFC 5545: the day after the last day
    assert event["DTSTART"].params.get("VALUE") == "DATE"


def test_multi_day_event_with_times_keeps_its_times(client, add_event):
    add_event("zwei-tage", "2099-06-10T09:00", "2099-06-11T16:00")
    [event] = calendar(client, "/de/veranstaltungen/zwei-tage/event.ics").walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2099, 6, 10, 9, tzinfo=BERLIN)
    assert event["DTEND"].dt == datetime(2099, 6, 11, 16, tzinfo=BERLIN)


def test_sequence_goes_up_on_every_change_and_never_down(client, add_event):
    add_event("wandel", "2099-05-05T10:00", title="Erste Fassung")
    url = "/de/veranstaltungen/wandel/event.ics"
    sequence = lambda: calendar(client, url).walk("VEVENT")[0]["SEQUENCE"]  # noqa: E731
    assert sequence() == 0
    assert sequence() == 0  # asking again changes nothing
    add_event("wandel", "2099-05-05T11:00", title="Erste Fassung")
    assert sequence() == 1
    add_event("wandel", "2099-05-05T10:00", title="Erste Fassung")  # back to the first text: still a change
    assert sequence() == 2
    subscribed = events_of(calendar(client, "/de/veranstaltungen/calendar.ics"))
    assert subscribed["wandel"]["SEQUENCE"] == 2


def test_sequence_survives_a_restart(app_factory, client, add_event):
    add_event("wandel", "2099-05-05T10:00")
    client.get("/de/veranstaltungen/wandel/event.ics")
    add_event("wandel", "2099-05-05T12:00")
    client.get("/de/veranstaltungen/wandel/event.ics")
    fresh = app_factory().test_client()  # same instance folder, new process state
    event = Calendar.from_ical(fresh.get("/de/veranstaltungen/wandel/event.ics").data).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1


def test_cancelled_event_is_marked_in_calendar_page_and_json_ld(client, add_event):
    add_event("abgesagt", "2099-05-05T10:00", extra="status: cancelled")
    found = events_of(calendar(client, "/de/veranstaltungen/calendar.ics"))
    assert str(found["abgesagt"]["STATUS"]) == "CANCELLED"
    page = client.get("/de/veranstaltungen/abgesagt/").get_data(as_text=True)
    assert "abgesagt" in page.lower() and "https://schema.org/EventCancelled" in page


def test_unknown_status_is_a_content_problem_not_an_error(app, client, add_event):
    add_event("komisch", "2099-05-05T10:00", extra="status: verschoben")
    assert client.get("/de/veranstaltungen/komisch/").status_code == 404  # left out, like any broken file
    assert any("status" in str(p) for p in app.extensions["content"].corpus.problems)


def test_subscription_lists_upcoming_events_named_and_filtered(client, add_event):
    add_event("werkstatt-zwei", "2099-05-05T10:00", series="werkstatt", topic="fruehe-bildung")
    add_event("vergleich-zwei", "2099-05-06T10:00", series="kennzahlenvergleich", topic="weiterbildung")
    add_event("lange-her", "2020-05-06T10:00")
    cal = calendar(client, "/de/veranstaltungen/calendar.ics")
    assert str(cal["X-WR-CALNAME"]) == "BiSMit-Veranstaltungen"
    slugs = set(events_of(cal))
    assert {"werkstatt-zwei", "vergleich-zwei", "kennzahlenvergleich-fruehjahr"} <= slugs
    assert "lange-her" not in slugs and "werkstatt-vergangen" not in slugs
    series = calendar(client, "/de/veranstaltungen/calendar.ics?series=kennzahlenvergleich")
    assert set(events_of(series)) == {"vergleich-zwei", "kennzahlenvergleich-fruehjahr"}
    assert "Kennzahlenvergleich" in str(series["X-WR-CALNAME"])
    topic = calendar(client, "/en/events/calendar.ics?topic=fruehe-bildung")
    assert set(events_of(topic)) == {"werkstatt-zwei"}
    assert str(topic["X-WR-CALNAME"]) == "BiSMit events · Early childhood education"


@pytest.mark.parametrize("url, status", [
    ("/de/veranstaltungen/calendar.ics?series=gibt-es-nicht", 404),
    ("/de/veranstaltungen/calendar.ics?topic=%C3%BC", 404),
    ("/de/veranstaltungen/calendar.ics?topic=a&topic=b", 400),
    ("/de/veranstaltungen/gibt-es-nicht/event.ics", 404),
    ("/de/aktuelles/fachtag-rueckblick/event.ics", 404),
])
def test_bad_calendar_requests_are_4xx(client, url, status):
    assert client.get(url).status_code == status


def test_calendar_answers_304_to_a_poll(client):
    first = client.get("/de/veranstaltungen/calendar.ics")
    again = client.get("/de/veranstaltungen/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_events_pages_offer_downloads_and_subscriptions(client):
    tree = lxml_html.fromstring(client.get("/de/veranstaltungen/").data)
    hrefs = tree.xpath("//main//a/@href")
    assert "/de/veranstaltungen/kennzahlenvergleich-fruehjahr/event.ics" in hrefs
    assert "webcal://localhost/de/veranstaltungen/calendar.ics" in hrefs
    assert "http://localhost/de/veranstaltungen/calendar.ics" in hrefs
    detail = lxml_html.fromstring(client.get("/en/events/kennzahlenvergleich-fruehjahr/").data)
    links = detail.xpath("//main//a/@href")
    assert "/en/events/kennzahlenvergleich-fruehjahr/event.ics" in links
    assert "webcal://localhost/en/events/calendar.ics?series=kennzahlenvergleich" in links


def test_base_url_decides_links_and_uid(app_factory):
    client = app_factory(PORTAL_BASE_URL="https://bismit.example.org").test_client()
    cal = Calendar.from_ical(client.get("/de/veranstaltungen/calendar.ics").data)
    event = events_of(cal)["kennzahlenvergleich-fruehjahr"]
    assert str(event["UID"]) == "kennzahlenvergleich-fruehjahr@bismit.example.org"
    assert str(event["URL"]).startswith("https://bismit.example.org/de/")


def test_topic_page_offers_its_calendar(client):
    tree = lxml_html.fromstring(client.get("/de/themen/bildungsmonitoring/").data)
    assert "webcal://localhost/de/veranstaltungen/calendar.ics?topic=bildungsmonitoring" in tree.xpath("//main//a/@href")
    cal = calendar(client, "/de/veranstaltungen/calendar.ics?topic=bildungsmonitoring")
    assert set(events_of(cal)) == {"kennzahlenvergleich-fruehjahr"}


def test_cancelled_event_takes_no_sign_ups(app, client, content_dir):
    path = content_dir / "events" / "kennzahlenvergleich-fruehjahr" / "index.de.md"
    path.write_text(path.read_text(encoding="utf-8").replace("format: hybrid", "format: hybrid\nstatus: cancelled"),
                    encoding="utf-8")
    app.extensions["content"].refresh()
    page = client.get("/de/veranstaltungen/kennzahlenvergleich-fruehjahr/").get_data(as_text=True)
    assert "Die Anmeldung ist geschlossen: Die Veranstaltung wurde abgesagt." in page
    assert 'name="email"' not in page
    from portal.registration.availability import closed_reason
    from portal.content.store import now

    event = app.extensions["content"].corpus.bundle("events", "kennzahlenvergleich-fruehjahr").primary
    assert closed_reason(event, now(), None) == "cancelled"
