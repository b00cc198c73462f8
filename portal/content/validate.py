"""Check front matter against the content contract and turn it into record fields.

`validate(section, meta, ...)` returns (fields, problems). Errors leave the file out of the
site; warnings (an unknown field, most likely a typo) are listed by the check but the item
is still served.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from .taxonomy import Taxonomy

BERLIN = ZoneInfo("Europe/Berlin")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
REGISTRATION_FIELDS = ("organisation", "position", "phone", "dietary", "accessibility_needs", "comment")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    warning: bool = False


class Invalid(ValueError):
    """One field's value breaks the contract."""


def to_datetime(value: object) -> datetime:
    """ISO date or datetime; Europe/Berlin when no offset is given."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid(f"'{value}' is not an ISO date or date and time (2025-03-14 or 2025-03-14T10:00)") from None
    else:
        raise Invalid("expected an ISO date or date and time")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BERLIN)
    return parsed


def to_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"'{value}' is not an ISO date (2025-03-14)")


def to_str(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid("expected text")
    return str(value).strip()


def to_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise Invalid("expected true or false")
    return value


def to_int(value: object, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("expected a whole number")
    if minimum is not None and value < minimum:
        raise Invalid(f"must be at least {minimum}")
    return value


def to_list(value: object) -> list:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise Invalid("expected a list")
    return value


def to_str_list(value: object) -> tuple[str, ...]:
    return tuple(to_str(v) for v in to_list(value))


def to_keys(value: object, taxonomy: Taxonomy, vocabulary: str) -> tuple[str, ...]:
    keys = to_str_list(value)
    unknown = [k for k in keys if taxonomy.term(vocabulary, k) is None]
    if unknown:
        raise Invalid(f"unknown {vocabulary} key(s): {', '.join(unknown)} (see taxonomy.yml)")
    return keys


def to_key(value: object, taxonomy: Taxonomy, vocabulary: str) -> str:
    (key,) = to_keys([to_str(value)], taxonomy, vocabulary)
    return key


def to_choice(value: object, choices: tuple[str, ...]) -> str:
    text = to_str(value)
    if text not in choices:
        raise Invalid(f"'{text}' is not one of: {', '.join(choices)}")
    return text


def to_email(value: object) -> str:
    text = to_str(value)
    if not EMAIL.match(text):
        raise Invalid(f"'{text}' is not an e-mail address")
    return text


def to_url(value: object) -> str:
    text = to_str(value)
    if not re.match(r"^https?://[^\s/$.?#].[^\s]*$", text):
        raise Invalid(f"'{text}' is not an http(s) URL")
    return text


def to_alias(value: object) -> tuple[str, ...]:
    paths = to_str_list(value)
    for path in paths:
        if not path.startswith("/") or path.startswith("//") or any(c in path for c in " \t\n?#"):
            raise Invalid(f"'{path}' is not a URL path like /alte-seite/studie.html")
    return paths


def bundle_file(value: object, bundle: Path, images_only: bool = False) -> str:
    """A file name inside the bundle; never a path that leaves it."""
    name = to_str(value)
    if not name or "/" in name or "\\" in name or name.startswith(".") or name.startswith("index."):
        raise Invalid(f"'{name}' must be the name of a file in the item's folder")
    if images_only and Path(name).suffix.lower() not in IMAGE_TYPES:
        raise Invalid(f"'{name}' is not an image (PNG, JPEG, WebP or GIF)")
    if not (bundle / name).is_file():
        raise Invalid(f"the file '{name}' is missing from the item's folder")
    return name
