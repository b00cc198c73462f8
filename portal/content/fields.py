"""The vocabulary of section declarations: a field's kind, rules, language, label, help and widget.

A section is declared once (sections/*.py); validation (schema.py), the record types (records.py),
the editor's forms and the search document's plain fields are derived from the declaration. Labels
and help are English msgids marked with `_l` (extracted into the catalogs) and translated where
they are shown, so this package stays free of Flask.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from . import validate as v
from .taxonomy import Taxonomy
from .validate import Invalid


UNSET = object()  # a declared default that is not given


def _l(msgid: str) -> str:
    """Marks a label or help text for extraction (scripts/i18n.py extracts `_l`); shown translated."""
    return msgid


@dataclass(frozen=True)
class Kind:
    """A field type: what the contract calls it, the Python type of its record value, its empty value,
    how front matter is checked and converted, and the editor's default widget."""

    name: str  # the contract's word (docs/content.md's type column starts with it)
    python: object
    empty: object
    convert: Callable[["Field", object, "Context"], object]
    widget: str


@dataclass(frozen=True)
class Context:
    """What a field's conversion may need besides its value."""

    taxonomy: Taxonomy
    bundle: Path


def _choices(f: "Field") -> tuple[str, ...]:
    return tuple(value for value, _ in f.choices)


def _int(f: "Field", value: object, ctx: Context) -> int:
    number = v.to_int(value, minimum=f.minimum)
    if f.maximum is not None and number > f.maximum:
        raise Invalid(f"must be at most {f.maximum}")
    return number


def _slug(value: object) -> str:
    text = v.to_str(value)
    if not v.SLUG.match(text):
        raise Invalid(f"not a slug: {text}")
    return text


def _slugs(value: object) -> tuple[str, ...]:
    slugs = v.to_str_list(value)
    bad = [s for s in slugs if not v.SLUG.match(s)]
    if bad:
        raise Invalid(f"not a slug: {', '.join(bad)}")
    return slugs


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("string", str, "", lambda f, x, c: v.to_str(x), "input"),
    Kind("text", str, "", lambda f, x, c: v.to_str(x), "textarea"),
    Kind("date", dt.date | None, None, lambda f, x, c: v.to_date(x), "date"),
    Kind("datetime", dt.datetime | None, None, lambda f, x, c: v.to_datetime(x), "datetime"),
    Kind("int", int, 0, _int, "number"),
    Kind("bool", bool, False, lambda f, x, c: v.to_bool(x), "checkbox"),
    Kind("choice", str, "", lambda f, x, c: v.to_choice(x, _choices(f)), "select"),
    Kind("key", str, "", lambda f, x, c: v.to_key(x, c.taxonomy, f.vocabulary), "select"),
    Kind("list of keys", tuple[str, ...], (), lambda f, x, c: v.to_keys(x, c.taxonomy, f.vocabulary), "checkboxes"),
    Kind("list of strings", tuple[str, ...], (), lambda f, x, c: v.to_str_list(x), "lines"),
    Kind("list of paths", tuple[str, ...], (), lambda f, x, c: v.to_alias(x), "lines"),
    Kind("slug", str, "", lambda f, x, c: _slug(x), "select"),
    Kind("list of slugs", tuple[str, ...], (), lambda f, x, c: _slugs(x), "checkboxes"),
    Kind("url", str, "", lambda f, x, c: v.to_url(x), "url"),
    Kind("email", str, "", lambda f, x, c: v.to_email(x), "email"),
    Kind("image", str, "", lambda f, x, c: v.bundle_file(x, c.bundle, images_only=True), "image"),
    Kind("list of files", tuple, (), lambda f, x, c: f.parse(x, c), "attachments"),
    Kind("mapping", object, None, lambda f, x, c: f.parse(x, c), "yaml"),
)}


@dataclass(frozen=True)
class When:
    """A condition on a field read before: `other`'s value is one of `values` (any value when empty)."""

    other: str
    values: tuple = ()

    def holds(self, values: dict) -> bool:
        value = values.get(self.other)
        return bool(value) and (not self.values or value in self.values)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    help: str = ""
    required: bool = False
    required_when: When | None = None  # required only when this holds
    required_message: str = _l("this field is required")
    not_before: str = ""  # a field read before whose value this one's must not be earlier than
    not_before_message: str = ""
    per_language: bool = False  # text written into each language file (else shared: the German file's)
    inherited: bool = True  # an English file that omits it takes the German file's value
    vocabulary: str = ""  # key / list of keys: the taxonomy's vocabulary
    choices: tuple[tuple[str, str], ...] = ()  # choice: (value, label)
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None  # the editor's limit for text inputs
    default: object = UNSET  # the record's value when the field is absent (UNSET: the kind's empty value)
    widget: str = ""  # the editor's widget (empty: the kind's)
    check: Callable[[object], object] | None = None  # a further check after conversion; raises Invalid
    parse: Callable[[object, Context], object] | None = None  # mapping / list of files: the converter
    refers_to: str = ""  # kinds slug / list of slugs: the section whose items the value names
    search: str = ""  # "summary": shown and searched with the result's summary; "facet:<name>": a stored field
    contract_type: str = ""  # the type column of docs/content.md when the kind's name says too little

    @property
    def spec(self) -> Kind:
        return KINDS[self.kind]

    @property
    def contract(self) -> str:
        """The type as docs/content.md writes it (a test holds the two together)."""
        if self.contract_type:
            return self.contract_type
        if self.kind in ("key", "list of keys"):
            return f"{'list of keys' if self.kind == 'list of keys' else 'key'} of `{self.vocabulary}`"
        if self.kind == "choice":
            values = [f"`{value}`" for value, _ in self.choices]
            return ", ".join(values[:-1]) + " or " + values[-1]
        return self.kind

    @property
    def language(self) -> str:
        """How the field's value relates to the languages (docs/content.md's language column)."""
        if self.per_language:
            return "text, German as fallback" if self.inherited else "own text"
        return "shared" if self.inherited else "German file only"

    @property
    def editor_widget(self) -> str:
        return self.widget or self.spec.widget

    @property
    def empty(self):
        return self.spec.empty if self.default is UNSET else self.default

    @property
    def has_default(self) -> bool:
        return self.default is not UNSET

    @property
    def python(self):
        """The record attribute's type: the kind's, or optional when the declared default is None."""
        if isinstance(self.default, dict):
            return dict
        if self.default is None and self.spec.empty is not None:
            return self.spec.python | None
        return self.spec.python

    def convert(self, value: object, ctx: Context):
        converted = self.spec.convert(self, value, ctx)
        if self.check is not None:
            converted = self.check(converted)
        return converted


@dataclass(frozen=True)
class Section:
    """One section's declaration: its fields in the order files and forms show them."""

    name: str
    legend: str  # the heading of the section's own fields in the editor
    fields: tuple[Field, ...]
    record: str  # the record type's class name
    base: type | None = None  # a hand-written base with behaviour and data not from front matter
    data_file: str = ""  # a file of the bundle the editor can replace (indicators: data.csv)

    def field(self, name: str) -> Field | None:
        return self.by_name.get(name)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def with_fields(self, *added: Field, name: str | None = None) -> "Section":
        """A copy with more fields (tests declare a field on a copy of a section)."""
        return replace(self, fields=self.fields + added, name=name or self.name)
