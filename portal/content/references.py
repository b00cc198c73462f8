"""Checks across bundles: a field that names another item must name one that exists.

Run on every new Corpus (a bundle alone cannot tell); the item stays served, the content check
lists the problem with file and field.
"""
from __future__ import annotations

from .problems import Problem
from .records import Bundle
from .sections import DECLARATIONS

REFERENCES = {("indicators", "weight_by"): "indicators"}
"""(section, field) -> the section whose slugs the field's value must name."""


def check(bundles: dict[str, dict[str, Bundle]]) -> list[Problem]:
    problems = []
    for (section, name), target in REFERENCES.items():
        if DECLARATIONS[section].field(name) is None:
            continue
        for bundle in bundles.get(section, {}).values():
            for item in bundle.texts.values():
                value = getattr(item, name, None)
                if value and value not in bundles.get(target, {}):
                    problems.append(Problem(str(item.path), None, name, f"no {target[:-1]} named '{value}'"))
    return problems
