"""Read an indicator's data.csv (CONTENT.md): good rows are kept, bad rows become problems."""
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
    rows: list[DataRow] = []
    seen: set[tuple] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(where, line, "data.csv", f"expected {len(header)} columns, found {len(cells)}"))
            continue
        row = {name: cell.strip() for name, cell in zip(header, cells)}
        error = _row_error(row, region_keys)
        if error:
            problems.append(Problem(where, line, f"data.csv:{error[0]}", error[1]))
            continue
        breakdown = tuple((c, row[c]) for c in breakdowns)
        key = (row["region"], int(row["year"]), breakdown)
        if key in seen:
            problems.append(Problem(where, line, "data.csv", "this region and year appear twice"))
            continue
        seen.add(key)
        value = float(row["value"]) if row["value"] else None
        rows.append(DataRow(row["region"], int(row["year"]), value, row.get("note", ""), breakdown))
    return tuple(rows), breakdowns, problems


def _row_error(row: dict[str, str], region_keys: set[str]) -> tuple[str, str] | None:
    if row["region"] not in region_keys:
        return "region", f"unknown region key '{row['region']}'"
    if not _YEAR.match(row["year"]):
        return "year", f"'{row['year']}' is not a four-digit year"
    if row["value"] and not _NUMBER.match(row["value"]):
        return "value", f"'{row['value']}' is not a decimal number with a point"
    return None


def read_bundle_data(directory: Path, taxonomy: Taxonomy) -> tuple[dict, list[Problem]]:
    """The loader's hook for an indicator bundle: its data.csv as record fields, and the problems."""
    rows, breakdowns, problems = read_data_csv(directory / "data.csv", set(taxonomy.terms("regions")))
    return {"data": rows, "breakdown_columns": breakdowns}, problems
