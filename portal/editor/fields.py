"""Which front matter fields the editor manages per section, and which of them are per language.

Shared fields live in the German file (the English file inherits them, CONTENT.md); text
fields are written into each language file.
"""
from __future__ import annotations

SHARED: dict[str, tuple[str, ...]] = {
    "studies": ("authors", "year", "kind", "publisher", "doi", "isbn", "urn", "files", "cover"),
    "news": ("author", "image"),
    "events": ("start", "end", "format", "location", "online_url", "series", "contact", "registration", "status"),
    "indicators": ("number", "field", "stage", "aggregate", "related", "sample_data"),
    "pages": ("menu", "weight"),
}
COMMON_SHARED = ("date", "updated", "draft", "topics", "regions", "aliases")
TEXT: dict[str, tuple[str, ...]] = {
    "studies": ("cover_alt",),
    "news": ("image_alt",),
    "events": (),
    "indicators": ("unit", "definition", "source", "update_cycle"),
    "pages": (),
}
COMMON_TEXT = ("title", "summary")
# the order fields are written in, so files stay readable and diffs small
ORDER = ("title", "summary", "date", "updated", "draft") + tuple(
    dict.fromkeys(f for s in SHARED for f in SHARED[s] + TEXT[s])
) + ("topics", "regions", "aliases")


def shared_fields(section: str) -> tuple[str, ...]:
    return COMMON_SHARED + SHARED[section]


def text_fields(section: str) -> tuple[str, ...]:
    return COMMON_TEXT + TEXT[section]


def merge(existing: dict, managed: tuple[str, ...], values: dict) -> dict:
    """Managed fields from the form (empty ones dropped), other fields of the file kept, in a stable order."""
    merged = {k: v for k, v in existing.items() if k not in managed}
    merged.update({k: v for k, v in values.items() if k in managed and v not in (None, "", [], {}, False)})
    ordered = {k: merged[k] for k in ORDER if k in merged}
    ordered.update({k: v for k, v in merged.items() if k not in ordered})
    return ordered
