"""iCalendar (RFC 5545) files of events, made with the `icalendar` library.

Times are written in Europe/Berlin with a VTIMEZONE, so calendars show them right on both sides of
a daylight-saving change. All-day rule: an event whose start is at 00:00 (Berlin) and whose end is
missing, at 00:00 or at 23:59 is an all-day event (the editor gave dates, not times): it is written
with DATE values and an exclusive DTEND, the day after its last day (`start: 2027-03-10`,
`end: 2027-03-12` → DTSTART 20270310, DTEND 20270313: three days). Any other event keeps its exact
times, across several days too; a timed event without an end lasts two hours (as in the mails).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..content.records import Event

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT_LENGTH = timedelta(hours=2)
PRODID = "-//BiSMit//Veranstaltungen//DE"


@dataclass(frozen=True)
class Entry:
    """One event as a calendar shows it: the text in the calendar's language, its page and SEQUENCE."""

    event: Event
    url: str
    sequence: int = 0


def uid(event: Event, host: str) -> str:
    """Stable per event (the slug never changes) and the same in mails and subscriptions."""
    return f"{event.slug}@{host}"


def all_day_span(event: Event) -> tuple[date, date] | None:
    """(first day, day after the last day) for an all-day event, else None."""
    start = event.start.astimezone(BERLIN)
    if start.time() != time(0, 0):
        return None
    if event.end is None:
        return start.date(), start.date() + timedelta(days=1)
    end = event.end.astimezone(BERLIN)
    if end.time() not in (time(0, 0), time(23, 59)):
        return None
    return start.date(), max(end.date(), start.date()) + timedelta(days=1)


def location_text(event: Event) -> str:
    loc = event.location
    if loc is None:
        return ""
    return ", ".join(p for p in (loc.name, loc.street, f"{loc.postcode} {loc.city}".strip()) if p)


def component(entry: Entry, host: str, stamp: datetime, online_link: bool = False) -> CalendarEvent:
    """The VEVENT of one event. `online_link`: only in mails to confirmed participants."""
    event = entry.event
    vevent = CalendarEvent()
    vevent.add("uid", uid(event, host))
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", entry.sequence)
    span = all_day_span(event)
    if span is not None:
        vevent.add("dtstart", span[0])
        vevent.add("dtend", span[1])
    else:
        vevent.add("dtstart", event.start.astimezone(BERLIN))
        vevent.add("dtend", (event.end or event.start + DEFAULT_LENGTH).astimezone(BERLIN))
    vevent.add("summary", event.title)
    description = [event.summary, event.online_url if online_link else "", entry.url]
    vevent.add("description", "\n\n".join(d for d in description if d))
    vevent.add("url", entry.url)
    where = location_text(event) or (event.online_url if online_link else "")
    if where:
        vevent.add("location", where)
    vevent.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if span is not None else "OPAQUE")
    if event.updated:
        vevent.add("last-modified", datetime.combine(event.updated, time(), tzinfo=BERLIN))
    for topic in event.topics:
        vevent.add("categories", topic)
    return vevent


def build(name: str, entries: list[Entry], host: str, stamp: datetime, url: str = "", description: str = "",
          online_link: bool = False) -> bytes:
    """A whole calendar: one event (a download) or a subscription (name, refresh interval)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    if description:
        calendar.add("x-wr-caldesc", description)
    if url:
        calendar.add("url", url)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
    for entry in entries:
        calendar.add_component(component(entry, host, stamp, online_link))
    # the VTIMEZONE's transitions cover the calendar's events (the default stops in 2038)
    starts = [e.event.start.date() for e in entries] or [stamp.date()]
    ends = [(e.event.end or e.event.start).date() for e in entries] or [stamp.date()]
    calendar.add_missing_timezones(first_date=date(min(starts).year - 1, 1, 1), last_date=date(max(ends).year + 2, 1, 1))
    return calendar.to_ical()
