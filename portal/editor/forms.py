"""The editing forms, built per section from its declaration (content/sections) and the taxonomy
(choices with labels in the UI language); widgets.py and compound.py make each field's inputs.

German and English texts are two sub-forms ("de-title", "en-title"); shared fields are top-level.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (EmailField, FieldList, Form, FormField, HiddenField, PasswordField, SelectChoice, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..content.fields import Section
from ..content.records import LANGUAGES
from ..content.taxonomy import Taxonomy
from ..content.validate import SLUG
from .fields import declared, widget
from .widgets import FormContext


def modern_choices(form) -> None:
    """WTForms 3.3 wants SelectChoice objects; (value, label) pairs read better where forms are declared."""
    for f in form:
        if isinstance(f, FormField):
            modern_choices(f.form)
        elif isinstance(f, FieldList):
            for entry in f.entries:
                modern_choices(entry.form if isinstance(entry, FormField) else [entry])
        elif getattr(f, "choices", None) is not None and not callable(f.choices):
            f.choices = [SelectChoice(*c) if isinstance(c, tuple) else c for c in f.choices]


def _c(pairs) -> list[SelectChoice]:
    return [SelectChoice(*p) if isinstance(p, tuple) else p for p in pairs]


class EditorForm(FlaskForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        modern_choices(self)


def text_form(section: str | Section, ctx: FormContext | None = None) -> type[Form]:
    """The per-language part: the declaration's text fields (title, summary, ...) and the body."""

    class TextForm(Form):
        pass

    for f in declared(section).fields:
        if f.per_language:
            for name, unbound in widget(f).inputs(f, ctx).items():
                setattr(TextForm, name, unbound)
    TextForm.body = TextAreaField(_l("Text (Markdown)"))
    return TextForm


def item_form(section: str | Section, taxonomy: Taxonomy, lang: str, files: list[str],
              others: dict[str, list[tuple[str, str]]], is_new: bool, formdata=None, data: dict | None = None) -> FlaskForm:
    """Make the form for one section from its declaration; `files` are the names in the bundle, for
    the file choices, `others` the (slug, title) of the items its references may name, per section."""
    ctx = FormContext(taxonomy, lang, files, others)
    section = declared(section)

    class ItemForm(EditorForm):
        pass

    for f in section.fields:
        if not f.per_language:
            for name, unbound in widget(f).inputs(f, ctx).items():
                setattr(ItemForm, name, unbound)
    for code in LANGUAGES:
        setattr(ItemForm, code, FormField(text_form(section, ctx)))
        setattr(ItemForm, f"base_{code}", HiddenField())
    if is_new:
        ItemForm.slug = StringField(_l("Address (slug)"), validators=[
            Optional(), Regexp(SLUG, message=_l("Only lower-case letters, digits and single hyphens."))])
    if section.data_file:
        ItemForm.data_csv = FileField(_l("Replace the data (data.csv: region,year,value,note)"))

    # on a POST, FlaskForm reads request.form and request.files by itself
    form = ItemForm(data=data) if formdata is None else ItemForm(formdata=formdata, data=data)
    for f in section.fields:
        prepare = getattr(widget(f), "prepare", None)
        if prepare is not None:
            prepare(f, form, ctx)
    modern_choices(form)
    return form


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(message=_l("Please enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("Please enter your password."))])
    next = HiddenField()


class UploadForm(FlaskForm):
    file = FileField(_l("File (PNG, JPEG, GIF, WebP or PDF)"))
    alt = StringField(_l("Text alternative (required for images)"), validators=[Optional(), Length(max=500)])


class AccountForm(EditorForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(message=_l("Please enter an e-mail address."))])
    role = SelectField(_l("Role"), choices=_c([("editor", _l("Editor")), ("admin", _l("Administrator"))]))
    password = PasswordField(_l("Initial password (at least 12 characters)"), validators=[DataRequired(message=_l("Please enter a password."))])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password (at least 12 characters)"), validators=[DataRequired(message=_l("Please enter a password."))])


class PreferencesForm(EditorForm):
    language = SelectField(_l("Language of the editor"), choices=_c([
        ("", _l("As my browser prefers")), ("de", "Deutsch"), ("en", "English")]))


class ActionForm(FlaskForm):
    """An empty form: a button that posts with a CSRF token."""
