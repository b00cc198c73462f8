"""Participants as CSV for editors: UTF-8 with a byte-order mark, so Excel opens it correctly."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from .service import participants

BERLIN = ZoneInfo("Europe/Berlin")
BASE_COLUMNS = ("name", "email", "status", "created", "confirmed", "position", "language", "privacy_version")


def local(moment: datetime | None) -> str:
    """Stored naive UTC as Berlin wall-clock time, the way editors read it."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=timezone.utc).astimezone(BERLIN).strftime("%Y-%m-%d %H:%M:%S")


def _cell(value: object) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(slug: str, extra_fields: tuple[str, ...] = (), delimiter: str = ",") -> str:
    """One row per registration of the event (every status), with the event's extra questions."""
    people = participants(slug)
    keys = list(extra_fields) + sorted({k for p in people for k in p.answers} - set(extra_fields))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*BASE_COLUMNS, *keys])
    for p in people:
        row = [p.name, p.email, p.status, local(p.created), local(p.confirmed_at), p.position or "", p.lang, p.privacy_version]
        writer.writerow([_cell(v) for v in row] + [_cell(p.answers.get(k, "")) for k in keys])
    return out.getvalue()
