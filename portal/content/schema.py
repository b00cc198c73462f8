"""Read a file's front matter against its section's declaration: converted values and problems.

Every rule comes from the declaration (sections/*.py): a field's kind, whether it is required
(always, or when another field has a value), further checks; a name the section does not
declare is reported as a warning (most likely a typo).
"""
from __future__ import annotations

from pathlib import Path

from .fields import Context, Section
from .sections import DECLARATIONS
from .taxonomy import Taxonomy
from .validate import FieldProblem, Invalid


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def read_fields(section: str | Section, meta: dict, taxonomy: Taxonomy, bundle: Path) -> tuple[dict, list[FieldProblem]]:
    declared = section if isinstance(section, Section) else DECLARATIONS[section]
    ctx = Context(taxonomy, bundle)
    values: dict = {}
    problems: list[FieldProblem] = []
    for f in declared.fields:
        value = meta.get(f.name)
        if _empty(value):
            if f.required:
                problems.append(FieldProblem(f.name, "this field is required"))
            elif f.required_when is not None and f.required_when.holds(values):
                problems.append(FieldProblem(f.name, f.required_message))
            continue
        try:
            values[f.name] = f.convert(value, ctx)
        except Invalid as exc:
            problems.append(FieldProblem(f.name, str(exc)))
            continue
        if f.not_before and values.get(f.not_before) and values[f.name] < values[f.not_before]:
            problems.append(FieldProblem(f.name, f.not_before_message or f"must not be before '{f.not_before}'"))
    for name in meta:
        if declared.field(str(name)) is None:
            problems.append(FieldProblem(str(name), "unknown field (a typo?); it is ignored", warning=True))
    return values, problems


def not_inherited(section: str | Section) -> frozenset[str]:
    """Fields an English file never takes from the German one (its own title, summary, ...)."""
    declared = section if isinstance(section, Section) else DECLARATIONS[section]
    return frozenset(f.name for f in declared.fields if not f.inherited)
