"""docs/content.md and the section declarations agree: every field table row is a declared field
with the same type, rule for "required" and language, and every declared field has its row."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.content.fields import When
from portal.content.mappings import REGISTRATION_KEYS
from portal.content.sections import DECLARATIONS
from portal.content.sections.common import COMMON

DOC = Path(__file__).resolve().parents[2] / "docs" / "content.md"
HEADINGS = {"Fields for every section": "*", "Studies": "studies", "News": "news", "Events": "events",
            "Indicators": "indicators", "Pages": "pages"}


def tables() -> dict[str, list[dict]]:
    """{section or "*" or "registration": rows as {column: cell}} of the document's field tables."""
    found: dict[str, list[dict]] = {}
    current = None
    header: list[str] | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            title = line[3:]
            current = next((key for heading, key in HEADINGS.items() if title.startswith(heading)), None)
            header = None
        elif line.startswith("`registration`:"):
            current, header = "registration", None
        elif line.startswith("|") and current:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
            elif not set(cells[0]) <= {"-"}:
                found.setdefault(current, []).append(dict(zip(header, cells)))
        elif not line.strip():
            header = None if header is not None and current == "registration" else header
    return found


def _name(cell: str) -> str:
    (name,) = re.findall(r"`([a-z_]+)`", cell)
    return name


def _type(cell: str) -> str:
    return re.sub(r" \(Europe/Berlin when no offset\)$", "", cell)


def _required(cell: str, section: str):
    """(always required, the condition) the cell states for `section`."""
    if cell == "no":
        return False, None
    if cell == "yes":
        return True, None
    if cell.startswith("yes for "):
        return section in [s.strip() for s in cell[8:].split(",")], None
    if cell.startswith("yes, except "):
        return section != cell[12:].strip(), None
    match = re.fullmatch(r"when `([a-z_]+)` (?:is set|is (.+))", cell)
    assert match, f"unreadable 'required' cell: {cell!r}"
    values = tuple(re.findall(r"`([a-z_]+)`", match.group(2) or ""))
    return False, When(match.group(1), values)


ROWS = tables()


def test_the_document_has_every_table():
    assert set(ROWS) == {"*", "studies", "news", "events", "indicators", "pages", "registration"}


@pytest.mark.parametrize("section", sorted(DECLARATIONS))
def test_every_declared_field_has_its_row_and_no_other(section):
    declared = DECLARATIONS[section].names
    documented = [_name(row["field"]) for row in ROWS["*"] + ROWS[section]]
    assert sorted(documented) == sorted(declared)


@pytest.mark.parametrize("section", sorted(DECLARATIONS))
def test_types_rules_and_languages_agree(section):
    declaration = DECLARATIONS[section]
    for row in ROWS["*"] + ROWS[section]:
        f = declaration.field(_name(row["field"]))
        assert _type(row["type"]) == f.contract, f.name
        required, condition = _required(row["required"], section)
        assert (f.required, f.required_when) == (required, condition), f.name
        assert row["language"] == f.language, f.name


def test_common_rows_are_the_common_fields():
    assert {_name(row["field"]) for row in ROWS["*"]} == set(COMMON)


def test_registration_keys_agree():
    assert [_name(row["field"]) for row in ROWS["registration"]] == list(REGISTRATION_KEYS)


def test_a_drifted_table_is_noticed():
    """The parser reads what it should: a changed cell no longer agrees."""
    row = dict(next(r for r in ROWS["indicators"] if _name(r["field"]) == "weight_by"))
    f = DECLARATIONS["indicators"].field("weight_by")
    assert _required(row["required"], "indicators") == (False, f.required_when)
    assert _required("no", "indicators") != (False, f.required_when)
    assert _type("int 0–5") != DECLARATIONS["indicators"].field("decimals").contract
