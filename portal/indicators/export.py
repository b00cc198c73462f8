"""Downloads: the values shown as CSV (in data.csv's own format, so it reads back the same), JSON,
and a metadata file with the profile and the citation line."""
from __future__ import annotations

import csv
import io

from .series import ALL, REVIER, Table


def _plain(value: float | None) -> str:
    """A decimal number with a point, as data.csv writes it (no exponent, no trailing .0 for counts)."""
    if value is None:
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def table_csv(table: Table, columns: tuple[str, ...], selection: tuple[str, ...], aggregate: str) -> str:
    """region,year,<breakdown columns>,value,note — one row per Revierkommune and year, then the
    Revier's rows (note says how they were formed). A breakdown taken as a whole is left empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["region", "year", *columns, "value", "note"])
    shown = ["" if s == ALL else s for s in selection]
    for region in table.regions:
        for year in table.years:
            cell = table.cells.get((region, year))
            if cell is None:
                continue
            note = cell.note or ("combined from the breakdown values" if cell.derived else "")
            writer.writerow([region, year, *shown, _plain(cell.value), note])
    for year in table.years:
        if year in table.revier:
            writer.writerow([REVIER, year, *shown, _plain(table.revier[year]), f"aggregate: {aggregate}"])
    return out.getvalue()  # plain CSV (a comment line would trip spreadsheet imports); metadata says sample_data


def metadata(item, *, url: str, citation: str, lang: str, breakdown: str) -> dict:
    """The profile of an indicator as a small JSON document (for a council paper's appendix)."""
    return {
        "number": item.number,
        "title": item.title,
        "language": lang,
        "definition": item.definition,
        "unit": item.unit,
        "source": item.source,
        "licence": item.licence,
        "update_cycle": item.update_cycle,
        "published": item.date.date().isoformat() if item.date else None,
        "updated": item.updated.isoformat() if item.updated else None,
        "aggregate": item.aggregate,
        "weight_by": item.weight_by,
        "direction": item.direction,
        "decimals": item.decimals,
        "breakdown": breakdown,
        "sample_data": item.sample_data,
        "url": url,
        "citation": citation,
    }


def table_json(table: Table) -> dict:
    return {
        "years": table.years,
        "regions": {r: [table.value(r, y) for y in table.years] for r in table.regions},
        "revier": [table.revier.get(y) for y in table.years] if table.revier else None,
    }
