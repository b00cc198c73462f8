"""Checks across bundles: a field that names another item must name one that exists.

Run on every new Corpus (a bundle alone cannot tell); the item stays served, the content check
lists the problem with file and field.
"""
from __future__ import annotations

from .problems import Problem
from .records import Bundle
from .sections import DECLARATIONS

def check(bundles: dict[str, dict[str, Bundle]]) -> list[Problem]:
    """Every declared reference (`refers_to`) names an item of its section."""
    problems = []
    for section, declaration in DECLARATIONS.items():
        for f in (f for f in declaration.fields if f.refers_to):
            known = bundles.get(f.refers_to, {})
            for bundle in bundles.get(section, {}).values():
                for item in bundle.texts.values():
                    value = getattr(item, f.name, None)
                    for slug in value if isinstance(value, tuple) else (value,):
                        if slug and slug not in known:
                            problems.append(Problem(str(item.path), None, f.name, f"no {f.refers_to[:-1]} named '{slug}'"))
    return problems
