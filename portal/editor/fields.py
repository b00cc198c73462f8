"""Which front matter fields the editor manages per section, and which of them are per language;
all read from the section's declaration (content/sections).

Shared fields live in the German file (the English file inherits them, docs/content.md); text
fields are written into each language file.
"""
from __future__ import annotations

from ..content.fields import Field, Section
from ..content.sections import DECLARATIONS
from ..content.sections.common import COMMON
from .compound import COMPOUND
from .widgets import WIDGETS, Widget


def declared(section: str | Section) -> Section:
    return section if isinstance(section, Section) else DECLARATIONS[section]


def widget(f: Field) -> Widget:
    return WIDGETS.get(f.editor_widget) or COMPOUND[f.editor_widget]


def shared_fields(section: str | Section) -> tuple[str, ...]:
    return tuple(f.name for f in declared(section).fields if not f.per_language)


def text_fields(section: str | Section) -> tuple[str, ...]:
    return tuple(f.name for f in declared(section).fields if f.per_language)


def own_fields(section: str | Section) -> tuple[Field, ...]:
    """The section's shared fields beyond the common ones: the editor's section group shows these."""
    return tuple(f for f in declared(section).fields if not f.per_language and f.name not in COMMON)


def order(section: str | Section) -> tuple[str, ...]:
    """The order fields are written in: the declaration's, so files stay readable and diffs small."""
    return declared(section).names


def merge(existing: dict, managed: tuple[str, ...], values: dict, section: str | Section | None = None) -> dict:
    """Managed fields from the form (empty ones dropped), other fields of the file kept, in a stable order."""
    merged = {k: v for k, v in existing.items() if k not in managed}
    merged.update({k: v for k, v in values.items() if k in managed and v not in (None, "", [], {}, False)})
    names = order(section) if section is not None else ()
    ordered = {k: merged[k] for k in names if k in merged}
    ordered.update({k: v for k, v in merged.items() if k not in ordered})
    return ordered
