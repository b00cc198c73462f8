"""The event list tells each event's registration state at a glance (issue 12): places left, waiting
list, fully booked, closed, opening soon; past events carry no badge (they say "took place")."""
from __future__ import annotations

import re

from .support import follow, link, sign_up


def badges(client, lang: str = "de") -> dict[str, str]:
    """Event slug -> the text of its state badge on the event list."""
    html = client.get("/de/veranstaltungen/" if lang == "de" else "/en/events/").get_data(as_text=True)
    found = {}
    for card in html.split('<article class="card card-events">')[1:]:
        slug = re.search(r'href="/\w+/\w+/([\w-]+)/"', card)[1]
        badge = re.search(r'<span class="badge state-(\w+)">([^<]+)</span>', card.split("</article>", 1)[0])
        found[slug] = f"{badge[1]}: {badge[2]}" if badge else ""
    return found


def confirm(client, inbox, slug: str, address: str) -> None:
    assert sign_up(client, slug, email=address).status_code == 303
    follow(client, link(inbox.to(address)[-1], "/bestaetigen/"))


def test_the_event_list_shows_each_events_registration_state(reg_client, inbox):
    first = badges(reg_client)
    assert first["werkstatt-anmeldung"] == "open: 2 Plätze frei"
    assert first["ohne-warteliste"] == "open: 1 Platz frei"
    assert first["geschlossen"] == "closed: Anmeldung geschlossen"
    assert first["bald-offen"] == "not_open: Anmeldung öffnet bald"
    assert first["vergangen"] == ""
    for slug, address in (("werkstatt-anmeldung", "w1@example.org"), ("werkstatt-anmeldung", "w2@example.org"),
                          ("ohne-warteliste", "n1@example.org")):
        confirm(reg_client, inbox, slug, address)
    now = badges(reg_client)
    assert now["werkstatt-anmeldung"] == "waitlist: Warteliste"  # full, but people can still queue
    assert now["ohne-warteliste"] == "full: Ausgebucht"
    english = badges(reg_client, "en")
    assert english["werkstatt-anmeldung"] == "waitlist: Waiting list" and english["geschlossen"] == "closed: Registration closed"
