"""The OAI-PMH response around every answer: root, responseDate, request, and the error element."""
from __future__ import annotations

import datetime as dt

from .. import lazy

etree = lazy.module("lxml.etree")  # imported on first use: start-up does without it


OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
ERRORS = ("badArgument", "badResumptionToken", "badVerb", "cannotDisseminateFormat", "idDoesNotExist",
          "noRecordsMatch", "noMetadataFormats", "noSetHierarchy")


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        assert code in ERRORS, code
        super().__init__(message)
        self.code = code
        self.message = message


def q(tag: str) -> str:
    return f"{{{OAI}}}{tag}"


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(base_url: str, now: dt.datetime, args: dict[str, str] | None) -> etree._Element:
    """`args`: the request's arguments, or None when they were bad (badVerb, badArgument): then the
    request element names only the base URL, as the protocol asks."""
    root = etree.Element(q("OAI-PMH"), nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {SCHEMA}")
    etree.SubElement(root, q("responseDate")).text = utc(now)
    request = etree.SubElement(root, q("request"), args or {})
    request.text = base_url
    return root


def error_response(base_url: str, now: dt.datetime, args: dict[str, str] | None, errors: list[OaiError]) -> bytes:
    root = envelope(base_url, now, args)
    for error in errors:
        element = etree.SubElement(root, q("error"), code=error.code)
        element.text = error.message
    return serialize(root)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
