"""schema.org JSON-LD for detail pages, the home page and breadcrumbs: plain dicts from records and URLs.

`script()` serialises for a <script type="application/ld+json"> element: '<', '>' and '&' are
written as JSON escapes, so no text from content can close the element (no </script> injection).
"""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..content.records import Event, Indicator, Item, NewsItem, Study

BERLIN = ZoneInfo("Europe/Berlin")
CONTEXT = "https://schema.org"
LICENCES = {  # licence keys editors write → the licence's canonical URL
    "dl-de/by-2-0": "https://www.govdata.de/dl-de/by-2-0",
    "dl-de/zero-2-0": "https://www.govdata.de/dl-de/zero-2-0",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
ATTENDANCE = {
    "onsite": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def script(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def organization(name: str, url: str, logo: str = "", same_as: tuple[str, ...] = ()) -> dict:
    data = {"@context": CONTEXT, "@type": "Organization", "name": name, "url": url}
    if logo:
        data["logo"] = logo
    if same_as:
        data["sameAs"] = list(same_as)
    return data


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(BERLIN).isoformat() if moment else None


def _common(item: Item, url: str, kind: str) -> dict:
    data = {"@context": CONTEXT, "@type": kind, "@id": url, "url": url, "name": item.title,
            "inLanguage": item.lang}
    if item.summary:
        data["description"] = item.summary
    if item.date:
        data["datePublished"] = _iso(item.date)
    if item.updated:
        data["dateModified"] = item.updated.isoformat()
    return data


def _person(name: str) -> dict:
    family, _, given = (part.strip() for part in name.partition(","))
    person = {"@type": "Person", "name": f"{given} {family}".strip() if given else family}
    if given:
        person.update(familyName=family, givenName=given)
    return person


def study(item: Study, url: str, publisher: str, files: list[tuple[str, str, str]], kind: str = "Report") -> dict:
    """`files`: (absolute URL, title, language) of each attachment; PDFs become `encoding`."""
    data = _common(item, url, kind)
    data["headline"] = item.title
    data["author"] = [_person(name) for name in item.authors]
    data["publisher"] = {"@type": "Organization", "name": item.publisher or publisher}
    if item.year:
        data["copyrightYear"] = item.year
    identifiers = []
    if item.doi:
        data["sameAs"] = f"https://doi.org/{item.doi}"
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": item.doi})
    if item.isbn:
        data["isbn"] = item.isbn
        identifiers.append({"@type": "PropertyValue", "propertyID": "ISBN", "value": item.isbn})
    if item.urn:
        identifiers.append({"@type": "PropertyValue", "propertyID": "URN", "value": item.urn})
    if identifiers:
        data["identifier"] = identifiers
    encodings = [{"@type": "MediaObject", "contentUrl": link, "name": title, "inLanguage": lang,
                  "encodingFormat": "application/pdf"} for link, title, lang in files if link.lower().endswith(".pdf")]
    if encodings:
        data["encoding"] = encodings
    if item.topics:
        data["keywords"] = list(item.topics)
    return data


def news(item: NewsItem, url: str, publisher: str, image_url: str = "") -> dict:
    data = _common(item, url, "NewsArticle")
    data["headline"] = item.title
    data["publisher"] = {"@type": "Organization", "name": publisher}
    if item.author:
        data["author"] = {"@type": "Person", "name": item.author}
    if image_url:
        data["image"] = image_url
    return data


def event(item: Event, url: str, organizer: dict, offer: dict | None = None, image_url: str = "") -> dict:
    """`offer`: the registration as from `offer()`, or None for events without sign-up."""
    data = _common(item, url, "Event")
    if image_url:
        data["image"] = image_url
    data["startDate"] = _iso(item.start)
    if item.end:
        data["endDate"] = _iso(item.end)
    data["eventStatus"] = "https://schema.org/EventCancelled" if item.cancelled else "https://schema.org/EventScheduled"
    data["eventAttendanceMode"] = ATTENDANCE.get(item.format, ATTENDANCE["onsite"])
    data["organizer"] = organizer
    places = []
    if item.location is not None:
        loc = item.location
        address = {"@type": "PostalAddress", "streetAddress": loc.street, "postalCode": loc.postcode,
                   "addressLocality": loc.city, "addressCountry": "DE"}
        places.append({"@type": "Place", "name": loc.name, "address": {k: v for k, v in address.items() if v}})
    if item.format in ("online", "hybrid"):
        places.append({"@type": "VirtualLocation", "url": url})  # the real link only goes to participants
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if offer is not None:
        data["offers"] = offer
    return data


def offer(url: str, opens: datetime | None, left: int | None, waitlist: bool, cancelled: bool) -> dict:
    """Free registration. Availability from the live place count; unknown (database down): left out."""
    data = {"@type": "Offer", "url": url, "price": 0, "priceCurrency": "EUR"}
    if opens:
        data["validFrom"] = _iso(opens)
    if cancelled:
        data["availability"] = "https://schema.org/Discontinued"
    elif left is not None:
        data["availability"] = ("https://schema.org/InStock" if left > 0 else
                                "https://schema.org/LimitedAvailability" if waitlist else "https://schema.org/SoldOut")
        data["inventoryLevel"] = {"@type": "QuantitativeValue", "value": left}
    return data


def dataset(item: Indicator, url: str, csv_url: str, publisher: str, region_names: list[str],
            measured: str) -> dict:
    data = _common(item, url, "Dataset")
    data["description"] = item.summary or item.definition or item.title
    data["identifier"] = item.number
    data["creator"] = {"@type": "Organization", "name": publisher}
    data["variableMeasured"] = {"@type": "PropertyValue", "name": measured, "unitText": item.unit,
                                "description": item.definition}
    years = item.years
    if years:
        data["temporalCoverage"] = f"{years[0]}/{years[-1]}" if years[0] != years[-1] else str(years[0])
    if region_names:
        data["spatialCoverage"] = [{"@type": "Place", "name": name} for name in region_names]
    licence = getattr(item, "licence", "")
    if licence:
        data["license"] = LICENCES.get(licence, licence)
    if item.source:
        data["isBasedOn"] = item.source
    data["distribution"] = [{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": csv_url}]
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": link} for n, (name, link) in enumerate(trail, 1)]}
