"""Converters of the compound fields: attachments, venue, registration, breakdown labels.

Each takes the front matter value and a Context and returns the record's value, or raises
Invalid with the message the content check and the editor show.
"""
from __future__ import annotations

from . import validate as v
from .fields import Context
from .validate import Invalid
from .values import Attachment, Location, Registration

LOCATION_FIELDS = ("name", "street", "postcode", "city")
REGISTRATION_KEYS = ("capacity", "opens", "closes", "waitlist", "fields", "retention_days")


def attachments(value: object, ctx: Context) -> tuple[Attachment, ...]:
    files = []
    for entry in v.to_list(value):
        if isinstance(entry, str):
            entry = {"file": entry}
        if not isinstance(entry, dict) or "file" not in entry:
            raise Invalid("each entry needs at least 'file' (and 'title', 'lang')")
        name = v.bundle_file(entry["file"], ctx.bundle)
        lang = v.to_str(entry.get("lang", "de"))
        if lang not in ("de", "en"):
            raise Invalid(f"'{lang}' is not a language (de or en) for '{name}'")
        title = v.to_str(entry.get("title") or name)
        path = ctx.bundle / name
        files.append(Attachment(name, title, lang, path, path.stat().st_size))
    return tuple(files)


def location(value: object, ctx: Context) -> Location:
    if not isinstance(value, dict) or not value.get("name"):
        raise Invalid("expected {name, street, postcode, city}")
    unknown = set(value) - set(LOCATION_FIELDS)
    if unknown:
        raise Invalid(f"unknown location field(s): {', '.join(sorted(unknown))}")
    return Location(**{k: v.to_str(value[k]) for k in value})


def registration(value: object, ctx: Context) -> Registration:
    if not isinstance(value, dict):
        raise Invalid("expected a mapping with at least 'capacity'")
    unknown = set(value) - set(REGISTRATION_KEYS)
    if unknown:
        raise Invalid(f"unknown registration field(s): {', '.join(sorted(unknown))}")
    if "capacity" not in value:
        raise Invalid("'capacity' is required: the number of places")
    fields = v.to_str_list(value.get("fields") or [])
    bad = [x for x in fields if x not in v.REGISTRATION_FIELDS]
    if bad:
        raise Invalid(f"unknown form field(s) {', '.join(bad)}; allowed: {', '.join(v.REGISTRATION_FIELDS)}")
    opens = v.to_datetime(value["opens"]) if value.get("opens") else None
    closes = v.to_datetime(value["closes"]) if value.get("closes") else None
    if opens and closes and closes <= opens:
        raise Invalid("registration closes before it opens")
    return Registration(
        capacity=v.to_int(value["capacity"], minimum=1),
        opens=opens,
        closes=closes,
        waitlist=v.to_bool(value.get("waitlist", True)),
        fields=fields,
        retention_days=v.to_int(value.get("retention_days", 90), minimum=0),
    )


def _labels(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid(f"{where}: expected {{de, en}}")
    missing = [lang for lang in ("de", "en") if not value.get(lang)]
    if missing:
        raise Invalid(f"{where}: the label in {' and '.join(missing)} is missing")
    return {"de": v.to_str(value["de"]), "en": v.to_str(value["en"])}


def breakdowns(value: object, ctx: Context) -> dict[str, dict]:
    """{column: {de, en, values: {key: {de, en}}}}: labels of data.csv's breakdown columns and values."""
    if not isinstance(value, dict):
        raise Invalid("expected a mapping: column -> {de, en, values: {key: {de, en}}}")
    result: dict[str, dict] = {}
    for column, spec in value.items():
        name = v.to_str(column)
        if name in ("region", "year", "value", "note") or not name:
            raise Invalid(f"'{name}' is not a breakdown column of data.csv")
        if not isinstance(spec, dict):
            raise Invalid(f"{name}: expected {{de, en, values}}")
        unknown = set(spec) - {"de", "en", "values"}
        if unknown:
            raise Invalid(f"{name}: unknown key(s) {', '.join(sorted(map(str, unknown)))} (de, en, values)")
        entry: dict = _labels({k: spec.get(k) for k in ("de", "en")}, name)
        values = spec.get("values") or {}
        if not isinstance(values, dict):
            raise Invalid(f"{name}: 'values' must map each value to {{de, en}}")
        entry["values"] = {v.to_str(key): _labels(labels, f"{name}.{key}") for key, labels in values.items()}
        result[name] = entry
    return result


def authors(names: tuple[str, ...]) -> tuple[str, ...]:
    if any("," not in a for a in names):
        raise Invalid("write each author as 'Family, Given'")
    return names
