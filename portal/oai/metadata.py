"""The two metadata formats, built with lxml from a study's facts: oai_dc (simple Dublin Core, what every
harvester reads) and oai_datacite (the DataCite 4 kernel's <resource>, as OpenAIRE's guidelines for data
archives harvest it; valid against kernel 4.6).

A study without a DOI is identified by its URN when it has one, else by its page's URL
(identifierType "URN" / "URL"; DataCite's schema allows any type outside DataCite's own registry).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import lazy
from ..citations import Reference

etree = lazy.module("lxml.etree")  # imported on first use: start-up does without it


XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
DATACITE = "http://datacite.org/schema/kernel-4"
OPEN_ACCESS = "info:eu-repo/semantics/openAccess"

# prefix -> (schema, namespace)
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC),
    "oai_datacite": ("http://schema.datacite.org/meta/kernel-4.6/metadata.xsd", DATACITE),
}
# study kind -> (info:eu-repo publication type for dc:type, DataCite resourceTypeGeneral)
KIND_TYPES = {
    "study-report": ("report", "Report"),
    "indicator-report": ("report", "Report"),
    "working-paper": ("workingPaper", "Text"),
    "infographic": ("other", "Image"),
    "brief": ("report", "Report"),
}


@dataclass(frozen=True)
class Facts:
    """What the formats say about a study beyond its citation."""

    ref: Reference
    kind: str  # the kind's key
    texts: tuple[tuple[str, str, str], ...]  # (lang, title, summary), the original language first
    places: tuple[str, ...]  # the Revierkommunen's names
    updated: dt.date | None


def _sub(parent, tag: str, text: str, lang: str | None = None, **attrs) -> etree._Element:
    if lang:
        attrs[XML_LANG] = lang
    element = etree.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _root(parent, tag: str, nsmap: dict) -> etree._Element:
    """The format's root, made inside `parent` when given: lxml moves a finished tree into another
    document slowly (it re-links every node), so records are built where they end up."""
    return etree.Element(tag, nsmap=nsmap) if parent is None else etree.SubElement(parent, tag, nsmap=nsmap)


def oai_dc(facts: Facts, parent=None) -> etree._Element:
    ref = facts.ref
    root = _root(parent, f"{{{OAI_DC}}}dc", {"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'][0]}")
    d = f"{{{DC}}}"
    for lang, title, _ in facts.texts:
        _sub(root, d + "title", title, lang)
    for name in ref.authors:
        _sub(root, d + "creator", name.display)
    for keyword in ref.keywords:
        _sub(root, d + "subject", keyword)
    for lang, _, summary in facts.texts:
        if summary:
            _sub(root, d + "description", summary, lang)
    _sub(root, d + "publisher", ref.publisher)
    _sub(root, d + "date", ref.publication_date)
    _sub(root, d + "type", "Text")
    _sub(root, d + "type", f"info:eu-repo/semantics/{KIND_TYPES.get(facts.kind, ('other',))[0]}")
    if ref.kind:
        _sub(root, d + "type", ref.kind)
    if ref.pdf_urls:
        _sub(root, d + "format", "application/pdf")
    _sub(root, d + "identifier", ref.url)
    if ref.doi:
        _sub(root, d + "identifier", f"https://doi.org/{ref.doi}")
    if ref.urn:
        _sub(root, d + "identifier", ref.urn)
    if ref.isbn:
        _sub(root, d + "identifier", f"urn:isbn:{ref.isbn}")
    _sub(root, d + "language", ref.language)
    for place in facts.places:
        _sub(root, d + "coverage", place)
    _sub(root, d + "rights", OPEN_ACCESS)
    for url in ref.pdf_urls:
        _sub(root, d + "relation", url)
    return root


def primary_identifier(ref: Reference) -> tuple[str, str]:
    """(identifierType, value): the DOI, else the URN, else the page's URL."""
    if ref.doi:
        return "DOI", ref.doi
    if ref.urn:
        return "URN", ref.urn
    return "URL", ref.url


def datacite(facts: Facts, parent=None) -> etree._Element:
    ref = facts.ref
    k = f"{{{DATACITE}}}"
    root = _root(parent, k + "resource", {None: DATACITE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{DATACITE} {FORMATS['oai_datacite'][0]}")
    kind, value = primary_identifier(ref)
    _sub(root, k + "identifier", value, identifierType=kind)
    creators = etree.SubElement(root, k + "creators")
    for name in ref.authors:
        creator = etree.SubElement(creators, k + "creator")
        if name.literal:
            _sub(creator, k + "creatorName", name.literal, nameType="Organizational")
        else:
            _sub(creator, k + "creatorName", name.display, nameType="Personal")
            _sub(creator, k + "givenName", name.given)
            _sub(creator, k + "familyName", name.family)
    titles = etree.SubElement(root, k + "titles")
    for index, (lang, title, _) in enumerate(facts.texts):
        attrs = {"titleType": "TranslatedTitle"} if index else {}
        _sub(titles, k + "title", title, lang, **attrs)
    _sub(root, k + "publisher", ref.publisher)
    _sub(root, k + "publicationYear", str(ref.year))
    _sub(root, k + "resourceType", ref.kind or "Report", resourceTypeGeneral=KIND_TYPES.get(facts.kind, ("", "Text"))[1])
    if ref.keywords:
        subjects = etree.SubElement(root, k + "subjects")
        for keyword in ref.keywords:
            _sub(subjects, k + "subject", keyword, ref.language)
    dates = etree.SubElement(root, k + "dates")
    _sub(dates, k + "date", ref.date, dateType="Issued")
    if facts.updated:
        _sub(dates, k + "date", facts.updated.isoformat(), dateType="Updated")
    _sub(root, k + "language", ref.language)
    alternates = [("URL", ref.url)] if kind != "URL" else []
    alternates += [("URN", ref.urn)] if ref.urn and kind != "URN" else []
    alternates += [("ISBN", ref.isbn)] if ref.isbn else []
    if alternates:
        element = etree.SubElement(root, k + "alternateIdentifiers")
        for alt_kind, alt in alternates:
            _sub(element, k + "alternateIdentifier", alt, alternateIdentifierType=alt_kind)
    if ref.pdf_urls:
        related = etree.SubElement(root, k + "relatedIdentifiers")
        for url in ref.pdf_urls:
            _sub(related, k + "relatedIdentifier", url, relatedIdentifierType="URL", relationType="HasPart")
        formats = etree.SubElement(root, k + "formats")
        _sub(formats, k + "format", "application/pdf")
    rights = etree.SubElement(root, k + "rightsList")  # the portal serves every study and PDF freely
    _sub(rights, k + "rights", "Open Access", rightsURI=OPEN_ACCESS)
    descriptions = [(lang, summary) for lang, _, summary in facts.texts if summary]
    if descriptions:
        element = etree.SubElement(root, k + "descriptions")
        for lang, summary in descriptions:
            _sub(element, k + "description", summary, lang, descriptionType="Abstract")
    if facts.places:
        locations = etree.SubElement(root, k + "geoLocations")
        for place in facts.places:
            _sub(etree.SubElement(locations, k + "geoLocation"), k + "geoLocationPlace", place)
    return root


BUILDERS = {"oai_dc": oai_dc, "oai_datacite": datacite}
