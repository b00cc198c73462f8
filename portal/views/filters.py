"""The ?topic=, ?region= and ?series= filters of feeds and calendars, checked against the taxonomy.

A value that is not a key of its vocabulary is a 404 (that filtered feed does not exist), never a
500; the same filter given twice is a 400. Other arguments (a reader's cache-buster) are ignored.
"""
from __future__ import annotations

from flask import abort, request

from ..content.records import Bundle
from ..content.store import get_corpus

VOCABULARIES = {"topic": "topics", "region": "regions", "series": "event_series"}
FIELDS = {"topic": "topics", "region": "regions", "series": "series"}


def chosen(names: tuple[str, ...]) -> dict[str, str]:
    taxonomy = get_corpus().taxonomy
    values = {}
    for name in names:
        given = request.args.getlist(name)
        if len(given) > 1:
            abort(400)
        value = given[0].strip() if given else ""
        if not value:
            continue
        if len(value) > 100 or taxonomy.term(VOCABULARIES[name], value) is None:
            abort(404)
        values[name] = value
    return values


def matches(bundle: Bundle, values: dict[str, str]) -> bool:
    item = bundle.primary
    for name, value in values.items():
        field = getattr(item, FIELDS[name], None)
        if isinstance(field, tuple):
            if value not in field:
                return False
        elif field != value:
            return False
    return True
