"""RIS, written by rispy: the tagged format Citavi, EndNote and Zotero import."""
from __future__ import annotations

import rispy

from .reference import Reference


def ris_entry(ref: Reference) -> dict:
    entry: dict = {
        "type_of_reference": "BOOK" if ref.isbn else "RPRT",
        "authors": [n.display for n in ref.authors],
        "title": ref.title,
        "year": str(ref.year),
        "date": ref.publication_date.replace("-", "/"),
        "publisher": ref.publisher,
        "type_of_work": ref.kind,
        "language": ref.language,
        "urls": [ref.url],
    }
    optional = {"place_published": ref.place, "doi": ref.doi, "issn": ref.isbn, "abstract": ref.abstract}
    entry.update({key: value for key, value in optional.items() if value})
    if ref.urn:
        entry["notes"] = [ref.urn]
    if ref.keywords:
        entry["keywords"] = list(ref.keywords)
    if ref.pdf_urls:
        entry["file_attachments1"] = list(ref.pdf_urls)  # L1: the PDF, once per file
    return entry


class _Writer(rispy.RisWriter):
    """rispy's writer without its "1." line before each reference (EndNote's numbering, which Citavi and
    older importers take for garbage: a RIS record begins with TY)."""

    def set_header(self, count: int) -> str:
        return ""


def ris(refs: list[Reference]) -> str:
    # L1 may repeat, one line per attachment
    return rispy.dumps([ris_entry(r) for r in refs], implementation=_Writer, list_tags=[*rispy.LIST_TYPE_TAGS, "L1"])
