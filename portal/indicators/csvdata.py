"""Read an indicator's data.csv (docs/content.md): good rows are kept, bad rows become problems."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ..content.problems import Problem
from ..content.records import DataRow
from ..content.taxonomy import Taxonomy

REQUIRED_COLUMNS = ("region", "year", "value")
_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def read_data_csv(path: Path, region_keys: set[str]) -> tuple[tuple[DataRow, ...], tuple[str, ...], list[Problem]]:
    """Return (rows, breakdown column names, problems); never raises on bad content."""
    problems: list[Problem] = []
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return (), (), [Problem(where, None, "data.csv", "the indicator has no data.csv")]
    except UnicodeDecodeError:
        return (), (), [Problem(where, None, "data.csv", "data.csv is not UTF-8")]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return (), (), [Problem(where, 1, "data.csv", f"the header lacks the column(s) {', '.join(missing)}")]
    breakdowns = tuple(c for c in header if c not in (*REQUIRED_COLUMNS, "note"))
    at = {name: i for i, name in enumerate(header)}
    ri, yi, vi, ni = at["region"], at["year"], at["value"], at.get("note")
    bi = [(c, at[c]) for c in breakdowns]
    width = len(header)
    rows: list[DataRow] = []
    seen: set[tuple] = set()
    for line, cells in enumerate(reader, start=2):
        if len(cells) != width:  # positions, not a dict per row: a catalogue has ~50,000 rows
            if any(c.strip() for c in cells):
                problems.append(Problem(where, line, "data.csv", f"expected {width} columns, found {len(cells)}"))
            continue
        region, year, value = cells[ri].strip(), cells[yi].strip(), cells[vi].strip()
        if not (region or year or value) and not any(c.strip() for c in cells):
            continue
        error = _row_error(region, year, value, region_keys)
        if error:
            problems.append(Problem(where, line, f"data.csv:{error[0]}", error[1]))
            continue
        breakdown = tuple((c, cells[i].strip()) for c, i in bi)
        number = int(year)
        key = (region, number, breakdown)
        if key in seen:
            problems.append(Problem(where, line, "data.csv", "this region and year appear twice"))
            continue
        seen.add(key)
        rows.append(DataRow(region, number, float(value) if value else None, cells[ni].strip() if ni is not None else "", breakdown))
    return tuple(rows), breakdowns, problems


def _row_error(region: str, year: str, value: str, region_keys: set[str]) -> tuple[str, str] | None:
    if region not in region_keys:
        return "region", f"unknown region key '{region}'"
    if not _YEAR.match(year):
        return "year", f"'{year}' is not a four-digit year"
    if value and not _NUMBER.match(value):
        return "value", f"'{value}' is not a decimal number with a point"
    return None


def read_bundle_data(directory: Path, taxonomy: Taxonomy) -> tuple[dict, list[Problem]]:
    """The loader's hook for an indicator bundle: its data.csv as record fields, and the problems."""
    rows, breakdowns, problems = read_data_csv(directory / "data.csv", set(taxonomy.terms("regions")))
    return {"data": rows, "breakdown_columns": breakdowns}, problems
