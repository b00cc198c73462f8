"""How the editor shows a declared field: its form inputs, and the conversion between them and
front matter. One Widget per `Field.editor_widget`; forms.py and convert.py only loop over the
section's declaration. Compound widgets (image, attachments, venue, registration, YAML) are in
compound.py; fields.py looks a field's widget up in both.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, IntegerField, RadioField,
                     SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField, URLField)
from wtforms.validators import Email, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..content.fields import Field
from ..content.taxonomy import Taxonomy
from ..content.validate import BERLIN, Invalid, to_datetime

DT = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@dataclass
class FormContext:
    """What choices need: the taxonomy, the UI language, the bundle's files, and per section that a
    field refers to (`refers_to`) its other items as (slug, title)."""

    taxonomy: Taxonomy
    lang: str
    files: list[str]
    others: dict[str, list[tuple[str, str]]]


def label(f: Field):
    return _l(f.label)


def local(value: object) -> datetime | None:
    """Any date or datetime from a file as Berlin local time without offset (what datetime-local shows)."""
    if value in (None, ""):
        return None
    try:
        return to_datetime(value).astimezone(BERLIN).replace(tzinfo=None)
    except Invalid:
        return None


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M" if not value.second else "%Y-%m-%dT%H:%M:%S")


def lines(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def split_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def stripped(field) -> str:
    """A text field's value, stripped; a field missing from the post counts as empty."""
    return (field.data or "").strip()


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them."""
    return [SelectChoice(*p) if isinstance(p, tuple) else p for p in pairs]


def choices(f: Field, ctx: FormContext) -> list[SelectChoice]:
    if f.kind in ("key", "list of keys"):
        found = [(key, term.label(ctx.lang)) for key, term in ctx.taxonomy.terms(f.vocabulary).items()]
    elif f.kind in ("slug", "list of slugs"):
        found = list(ctx.others.get(f.refers_to, []))
    else:
        found = [(value, _l(text)) for value, text in f.choices]
    blank = f.kind in ("key", "slug", "choice") and not f.required and f.empty in (None, "")
    return options(([("", _l("– none –"))] if blank else []) + found)


class Widget:
    """A single input named like the field; subclasses change the input and the conversion."""

    def inputs(self, f: Field, ctx: FormContext) -> dict:
        validators = [Optional()] + ([Length(max=f.max_length)] if f.max_length else [])
        return {f.name: StringField(label(f), validators=validators)}

    def to_form(self, f: Field, meta: dict) -> dict:
        return {f.name: str(meta.get(f.name) or "")}

    def from_form(self, f: Field, form) -> dict:
        return {f.name: stripped(form[f.name])}

    def error_target(self, f: Field) -> str:
        return f.name


class TextArea(Widget):
    def inputs(self, f, ctx):
        validators = [Optional()] + ([Length(max=f.max_length)] if f.max_length else [])
        return {f.name: TextAreaField(label(f), validators=validators)}


class Url(Widget):
    def inputs(self, f, ctx):
        return {f.name: URLField(label(f))}


class EmailInput(Widget):
    def inputs(self, f, ctx):
        return {f.name: EmailField(label(f), validators=[Optional(), Email(message=_l("Not an e-mail address."))])}


class Lines(Widget):
    def inputs(self, f, ctx):
        return {f.name: TextAreaField(label(f))}

    def to_form(self, f, meta):
        return {f.name: lines(meta.get(f.name))}

    def from_form(self, f, form):
        return {f.name: split_lines(form[f.name].data)}


class Number(Widget):
    def inputs(self, f, ctx):
        limits = [NumberRange(f.minimum, f.maximum)] if f.minimum is not None or f.maximum is not None else []
        return {f.name: IntegerField(label(f), validators=[Optional(), *limits])}

    def to_form(self, f, meta):
        return {f.name: meta.get(f.name)}

    def from_form(self, f, form):
        value = form[f.name].data
        return {f.name: None if value is None or (value == f.empty and f.has_default) else value}


class Checkbox(Widget):
    def inputs(self, f, ctx):
        return {f.name: BooleanField(label(f))}

    def to_form(self, f, meta):
        return {f.name: meta.get(f.name) is True}

    def from_form(self, f, form):
        return {f.name: bool(form[f.name].data)}


class Select(Widget):
    """One of a list (taxonomy keys, declared choices, other items); the default is not written."""

    field_class = SelectField

    def inputs(self, f, ctx):
        default = f.empty if f.has_default else None
        return {f.name: self.field_class(label(f), choices=choices(f, ctx), default=default, validate_choice=False)}

    def to_form(self, f, meta):
        return {f.name: meta.get(f.name) or (f.empty if f.has_default and f.empty is not None else "")}

    def from_form(self, f, form):
        value = form[f.name].data or None
        if value is not None and f.has_default and value == f.empty and not f.required:
            value = None
        return {f.name: value}


class Radio(Select):
    field_class = RadioField


class Checkboxes(Widget):
    def inputs(self, f, ctx):
        return {f.name: MultiCheckboxField(label(f), choices=choices(f, ctx), validate_choice=False)}

    def to_form(self, f, meta):
        return {f.name: list(meta.get(f.name) or [])}

    def from_form(self, f, form):
        return {f.name: list(form[f.name].data or [])}


class DateInput(Widget):
    def inputs(self, f, ctx):
        return {f.name: DateField(label(f), validators=[Optional()])}

    def to_form(self, f, meta):
        value = meta.get(f.name)
        return {f.name: value if isinstance(value, date) else None}

    def from_form(self, f, form):
        value = form[f.name].data
        return {f.name: value.isoformat() if value else None}


class DateTimeInput(Widget):
    def inputs(self, f, ctx):
        return {f.name: DateTimeLocalField(label(f), format=DT, validators=[Optional()])}

    def to_form(self, f, meta):
        return {f.name: local(meta.get(f.name))}

    def from_form(self, f, form):
        return {f.name: iso(form[f.name].data)}


class Status(Widget):
    """`draft` as a choice between publishing and keeping a draft."""

    def inputs(self, f, ctx):
        return {"status": RadioField(label(f), default="published", choices=options([
            ("published", _l("Publish at the date and time below (a future time schedules it)")),
            ("draft", _l("Draft: not shown on the site"))]), validate_choice=False)}

    def to_form(self, f, meta):
        return {"status": "draft" if meta.get(f.name) is True else "published"}

    def from_form(self, f, form):
        return {f.name: form.status.data == "draft"}

    def error_target(self, f):
        return "status"


WIDGETS: dict[str, Widget] = {
    "input": Widget(), "textarea": TextArea(), "url": Url(), "email": EmailInput(), "lines": Lines(),
    "number": Number(), "checkbox": Checkbox(), "select": Select(), "radio": Radio(), "checkboxes": Checkboxes(),
    "date": DateInput(), "datetime": DateTimeInput(), "status": Status(),
}
