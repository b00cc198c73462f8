"""CSL-JSON (the Citation Style Language's input schema, csl-data.json): what Zotero, citeproc-js and
citeproc-py read. Plain JSON built here; there is no library that writes it better."""
from __future__ import annotations

import json

from .reference import Reference


def csl_item(ref: Reference) -> dict:
    """One item per the CSL data schema: names split into family/given, dates as date-parts."""
    item: dict = {
        "id": ref.id,
        "type": "book" if ref.isbn else "report",
        "title": ref.title,
        "author": [{"literal": n.literal} if n.literal else {"family": n.family, "given": n.given} for n in ref.authors],
        "issued": {"date-parts": [[int(part) for part in ref.publication_date.split("-")]]},
        "publisher": ref.publisher,
        "genre": ref.kind,
        "language": ref.language,
        "URL": ref.url,
    }
    if ref.place:
        item["publisher-place"] = ref.place
    if ref.doi:
        item["DOI"] = ref.doi
    if ref.isbn:
        item["ISBN"] = ref.isbn
    if ref.urn:
        item["note"] = ref.urn  # CSL has no URN variable; the note is where Zotero puts such identifiers
    if ref.abstract:
        item["abstract"] = ref.abstract
    if ref.keywords:
        item["keyword"] = ", ".join(ref.keywords)
    return item


def csl_json(refs: list[Reference]) -> str:
    """A CSL-JSON file: always an array of items, one item per line, UTF-8 without escapes (umlauts stay
    readable). Not `indent=`: it switches json to its pure-Python encoder, a third of a 500-item export."""
    if not refs:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(csl_item(r), ensure_ascii=False) for r in refs) + "\n]\n"
