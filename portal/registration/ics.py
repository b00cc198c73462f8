"""The event as an iCalendar (.ics) attachment; the online link only for confirmed participants."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..content.records import Event


def calendar_bytes(event: Event, page_url: str, host: str, include_online_link: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//BiSMit//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"{event.slug}@{host}")
    entry.add("dtstamp", datetime.now(timezone.utc))
    entry.add("dtstart", event.start.astimezone(timezone.utc))
    entry.add("dtend", (event.end or event.start + timedelta(hours=2)).astimezone(timezone.utc))
    entry.add("summary", event.title)
    description = [event.summary, page_url]
    if include_online_link and event.online_url:
        description.insert(1, event.online_url)
    entry.add("description", "\n\n".join(d for d in description if d))
    entry.add("url", page_url)
    if event.location is not None:
        loc = event.location
        entry.add("location", ", ".join(p for p in (loc.name, loc.street, f"{loc.postcode} {loc.city}".strip()) if p))
    elif include_online_link and event.online_url:
        entry.add("location", event.online_url)
    calendar.add_component(entry)
    return calendar.to_ical()
