"""The values of compound fields (attachments, a venue, a registration, a row of data.csv)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Attachment:
    file: str
    title: str
    lang: str
    path: Path
    size: int  # bytes

    @property
    def extension(self) -> str:
        return self.path.suffix.lstrip(".").upper()


@dataclass(frozen=True)
class Location:
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class Registration:
    capacity: int
    opens: datetime | None = None  # None: open now
    closes: datetime | None = None  # None: the event's start
    waitlist: bool = True
    fields: tuple[str, ...] = ()
    retention_days: int = 90


@dataclass(frozen=True)
class DataRow:
    region: str
    year: int
    value: float | None
    note: str = ""
    breakdown: tuple[tuple[str, str], ...] = ()  # further columns, e.g. (("sex", "w"),)
