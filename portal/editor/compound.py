"""Widgets of the compound fields: an image of the bundle, attachments, a venue, a registration,
a mapping written as YAML. Each is one declared field shown as several inputs."""
from __future__ import annotations

import yaml
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateTimeLocalField, FieldList, Form, FormField, IntegerField, SelectField,
                     StringField, TextAreaField, ValidationError)
from wtforms.validators import Length, NumberRange, Optional

from ..content.mappings import LOCATION_FIELDS
from ..content.validate import IMAGE_TYPES, REGISTRATION_FIELDS
from .widgets import DT, FormContext, MultiCheckboxField, Widget, iso, label, local, options, stripped

REGISTRATION_LABELS = (_l("Organisation"), _l("Position"), _l("Phone"), _l("Dietary requirements"),
                       _l("Accessibility needs"), _l("Comment"))


class Image(Widget):
    """A picture of the bundle's folder, or a new one uploaded with the form (`<name>_upload`)."""

    def inputs(self, f, ctx: FormContext):
        images = [("", _l("– none –"))] + [(n, n) for n in ctx.files if "." + n.rsplit(".", 1)[-1].lower() in IMAGE_TYPES]
        return {f.name: SelectField(label(f), choices=options(images), validate_choice=False),
                f"{f.name}_upload": FileField(_l("Or upload a new image (PNG, JPEG, GIF, WebP)"))}

    def from_form(self, f, form):
        return {f.name: form[f.name].data or None}


class AttachmentForm(Form):
    file = SelectField(_l("File"), choices=[], validate_choice=False)
    title = StringField(_l("Title of the file"), validators=[Optional(), Length(max=300)])
    lang = SelectField(_l("Language of the file"), choices=options([("de", _l("German")), ("en", _l("English"))]),
                       validate_choice=False)


class Attachments(Widget):
    def inputs(self, f, ctx):
        return {f.name: FieldList(FormField(AttachmentForm), label=label(f), min_entries=0)}

    def prepare(self, f, form, ctx: FormContext) -> None:
        """Two empty rows to add files, and the bundle's files as each row's choices."""
        entries = form[f.name]
        while len(entries.entries) < len([e for e in entries.entries if e.form.file.data]) + 2:
            entries.append_entry()
        for entry in entries.entries:
            entry.form.file.choices = options([("", _l("– none –"))] + [(n, n) for n in ctx.files])

    def to_form(self, f, meta):
        files = meta.get(f.name) or []
        return {f.name: [{"file": e, "title": "", "lang": "de"} if isinstance(e, str) else
                         {"file": e.get("file", ""), "title": e.get("title", ""), "lang": e.get("lang", "de")}
                         for e in (files if isinstance(files, list) else [])]}

    def from_form(self, f, form):
        return {f.name: [{"file": e.form.file.data, "title": stripped(e.form.title) or e.form.file.data,
                          "lang": e.form.lang.data or "de"} for e in form[f.name].entries if e.form.file.data]}


class Venue(Widget):
    """{name, street, postcode, city} as four inputs `location_name`, ..."""

    LABELS = {"name": _l("Venue"), "street": _l("Street"), "postcode": _l("Postcode"), "city": _l("City")}

    def inputs(self, f, ctx):
        return {f"{f.name}_{k}": StringField(self.LABELS[k]) for k in LOCATION_FIELDS}

    def to_form(self, f, meta):
        value = meta.get(f.name) if isinstance(meta.get(f.name), dict) else {}
        return {f"{f.name}_{k}": str(value.get(k, "")) for k in LOCATION_FIELDS}

    def from_form(self, f, form):
        value = {k: stripped(form[f"{f.name}_{k}"]) for k in LOCATION_FIELDS}
        return {f.name: {k: v for k, v in value.items() if v} or None}

    def error_target(self, f):
        return f"{f.name}_name"


class RegistrationForm(Widget):
    """Whether people can register, and the registration's settings."""

    def inputs(self, f, ctx):
        return {
            f.name: BooleanField(_l("People can register for this event")),
            "capacity": IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1)]),
            "opens": DateTimeLocalField(_l("Registration opens (empty: now)"), format=DT, validators=[Optional()]),
            "closes": DateTimeLocalField(_l("Registration closes (empty: at the start)"), format=DT, validators=[Optional()]),
            "waitlist": BooleanField(_l("Waiting list when full"), default=True),
            "reg_fields": MultiCheckboxField(_l("Extra questions on the form"), validate_choice=False,
                                             choices=options(list(zip(REGISTRATION_FIELDS, REGISTRATION_LABELS)))),
            "retention_days": IntegerField(_l("Delete registrants' data this many days after the event"),
                                           default=90, validators=[Optional(), NumberRange(min=0)]),
        }

    def to_form(self, f, meta):
        reg = meta.get(f.name) if isinstance(meta.get(f.name), dict) else None
        data: dict = {f.name: reg is not None}
        if reg is not None:
            data.update(capacity=reg.get("capacity"), opens=local(reg.get("opens")), closes=local(reg.get("closes")),
                        waitlist=reg.get("waitlist", True) is not False, reg_fields=list(reg.get("fields") or []),
                        retention_days=reg.get("retention_days", 90))
        return data

    def from_form(self, f, form):
        if not form[f.name].data:
            return {f.name: None}
        value = {"capacity": form.capacity.data, "opens": iso(form.opens.data), "closes": iso(form.closes.data),
                 "waitlist": bool(form.waitlist.data), "fields": list(form.reg_fields.data or []),
                 "retention_days": form.retention_days.data}
        return {f.name: {k: v for k, v in value.items() if v is not None and v != []}}

    def error_target(self, f):
        return "capacity"


def _mapping(form, field) -> None:
    try:
        value = yaml.safe_load(field.data or "")
    except yaml.YAMLError as exc:
        raise ValidationError(_l("Not valid YAML: %(detail)s", detail=str(exc).splitlines()[0])) from None
    if value is not None and not isinstance(value, dict):
        raise ValidationError(_l("Please write a mapping (name: value, one per line)."))


class Yaml(Widget):
    """A mapping edited as YAML text (e.g. an indicator's breakdown labels)."""

    def inputs(self, f, ctx):
        return {f.name: TextAreaField(label(f), validators=[Optional(), _mapping])}

    def to_form(self, f, meta):
        value = meta.get(f.name)
        return {f.name: yaml.safe_dump(value, allow_unicode=True, sort_keys=False) if value else ""}

    def from_form(self, f, form):
        return {f.name: yaml.safe_load(form[f.name].data or "") or None}


COMPOUND: dict[str, Widget] = {"image": Image(), "attachments": Attachments(), "location": Venue(),
                               "registration": RegistrationForm(), "yaml": Yaml()}
